package lsp

import "testing"

func TestEditorSettingsAcceptEmptyLuaTables(t *testing.T) {
	for _, raw := range []string{``, `null`, `[]`, `{}`, `{"djlsSecurity":[]}`, `{"djlsSecurity":null}`, ` [] `} {
		cfg, level, err := parseEditorSettings([]byte(raw))
		if err != nil || cfg != nil || level != "" {
			t.Errorf("%q: cfg %v, level %q, err %v; want no settings and no error", raw, cfg, level, err)
		}
	}
	cfg, level, err := parseEditorSettings([]byte(`{"djlsSecurity":{"ignore":["DJS801"],"logLevel":"debug"}}`))
	if err != nil || cfg == nil || len(cfg.Ignore) != 1 || cfg.Ignore[0] != "DJS801" || level != "debug" {
		t.Errorf("nested settings: cfg %+v, level %q, err %v", cfg, level, err)
	}
	if _, _, err := parseEditorSettings([]byte(`[1]`)); err == nil {
		t.Error("a non-empty array should be an error")
	}
}
