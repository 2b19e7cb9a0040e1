package rules

import (
	"fmt"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
)

func init() {
	register(
		&Rule{ID: "DJS101", Name: "ssl-redirect-off", Severity: diagnostics.Warning, DjangoCheck: "security.W008",
			Summary: "SECURE_SSL_REDIRECT is not True (SecurityMiddleware present)", ProductionBlock: true, Check: checkSSLRedirect},
		&Rule{ID: "DJS102", Name: "hsts-missing", Severity: diagnostics.Warning, DjangoCheck: "security.W004",
			Summary: "SECURE_HSTS_SECONDS is unset or 0 (SecurityMiddleware present)", ProductionBlock: true, Check: checkHSTS},
		&Rule{ID: "DJS103", Name: "hsts-no-subdomains", Severity: diagnostics.Warning, DjangoCheck: "security.W005",
			Summary: "HSTS is on but SECURE_HSTS_INCLUDE_SUBDOMAINS is not True", ProductionBlock: true, Check: checkHSTSSubdomains},
		&Rule{ID: "DJS104", Name: "hsts-no-preload", Severity: diagnostics.Info, DjangoCheck: "security.W021",
			Summary: "HSTS is on but SECURE_HSTS_PRELOAD is not True", ProductionBlock: true, Check: checkHSTSPreload},
		&Rule{ID: "DJS105", Name: "proxy-ssl-header-unsafe", Severity: diagnostics.Warning,
			Summary: "SECURE_PROXY_SSL_HEADER is not a 2-tuple of strings whose header starts with HTTP_", Check: checkProxyHeader},
	)
}

// boolSetting judges a setting Django checks with `is True`, whose default
// is False: absent is reported as missing (absentMsg, a diagnostics.Msg);
// a false value says what it costs (why) and anything to add (extra).
func boolSetting(c *diagnostics.Context, name, absentMsg, why, extra string) {
	b := c.Setting(name)
	if b == nil {
		if c.Absent(name) {
			c.Missing(name, "", absentMsg)
		}
		return
	}
	truth, known := isTrue(b.Value, true)
	if !known || truth {
		return
	}
	headline, detail := c.Is(name, b.Value), []string{c.Why(b.Value)}
	if t, ok := b.Value.Truth(); ok && t {
		headline += ", not the bool True"
		detail = append(detail, fmt.Sprintf("Django checks `is True`, and %s is not the bool True", b.Value.Repr()))
	} else {
		detail = append(detail, why)
	}
	c.OnValue(b, b.Value, "", diagnostics.Msg(headline, append(detail, extra)...))
}

func checkSSLRedirect(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p {
		return
	}
	boolSetting(c, "SECURE_SSL_REDIRECT",
		diagnostics.Msg("SECURE_SSL_REDIRECT is not set", "Plain-HTTP requests are served instead of redirected to HTTPS"),
		"Plain-HTTP requests are served instead of redirected to HTTPS", "")
}

// hstsOn reports whether HSTS is enabled, and whether that is known.
func hstsOn(c *diagnostics.Context) (on, known bool) {
	b := c.Setting("SECURE_HSTS_SECONDS")
	if b == nil {
		return false, c.Absent("SECURE_HSTS_SECONDS")
	}
	return b.Value.Truth()
}

func checkHSTS(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p {
		return
	}
	b := c.Setting("SECURE_HSTS_SECONDS")
	if b == nil {
		if c.Absent("SECURE_HSTS_SECONDS") {
			c.Missing("SECURE_HSTS_SECONDS", "", diagnostics.Msg("SECURE_HSTS_SECONDS is not set", "Browsers are not told to insist on HTTPS (HTTP Strict Transport Security)"))
		}
		return
	}
	if t, ok := b.Value.Truth(); ok && !t {
		c.OnValue(b, b.Value, "", diagnostics.Msg(c.Is("SECURE_HSTS_SECONDS", b.Value)+": HSTS is off", c.Why(b.Value),
			"Browsers are not told to insist on HTTPS (HTTP Strict Transport Security)"))
	}
}

func checkHSTSSubdomains(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p {
		return
	}
	if on, ok := hstsOn(c); ok && on {
		boolSetting(c, "SECURE_HSTS_INCLUDE_SUBDOMAINS",
			diagnostics.Msg("SECURE_HSTS_INCLUDE_SUBDOMAINS is not set while HSTS is on", "Subdomains can still be reached over plain HTTP"),
			"Subdomains can still be reached over plain HTTP", "")
	}
}

func checkHSTSPreload(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p || !c.Django.AtLeast(1, 11) {
		return
	}
	if on, ok := hstsOn(c); ok && on {
		short := hstsShortOfAYear(c)
		boolSetting(c, "SECURE_HSTS_PRELOAD",
			diagnostics.Msg("SECURE_HSTS_PRELOAD is not set while HSTS is on", "The site cannot join browsers' HSTS preload list", short),
			"The site cannot join browsers' HSTS preload list", short)
	}
}

// hstsShortOfAYear is a clause for DJS104 when a known SECURE_HSTS_SECONDS
// is under a year: setting SECURE_HSTS_PRELOAD alone would not get the site
// on a preload list, which also requires max-age of a year.
func hstsShortOfAYear(c *diagnostics.Context) string {
	b := c.Setting("SECURE_HSTS_SECONDS")
	if b == nil || b.Value.Kind != evaluator.Int || b.Value.Int >= 31536000 {
		return ""
	}
	return fmt.Sprintf("Preload lists also require SECURE_HSTS_SECONDS of a year (31536000), not %d", b.Value.Int)
}

func checkProxyHeader(c *diagnostics.Context) {
	b := c.Setting("SECURE_PROXY_SSL_HEADER")
	if b == nil || b.Value.IsUnknown() || b.Value.Kind == evaluator.None {
		return
	}
	v := b.Value
	if (v.Kind != evaluator.Tuple && v.Kind != evaluator.List) || len(v.Items) != 2 || v.Items[0].Kind != evaluator.Str || v.Items[1].Kind != evaluator.Str {
		if v.IsSequence() && v.HasUnknownItems() {
			return
		}
		c.OnValue(b, v, "", diagnostics.Msg("SECURE_PROXY_SSL_HEADER is not a 2-tuple (header, value)",
			"It must be like ('HTTP_X_FORWARDED_PROTO', 'https'); it is "+v.Repr()))
		return
	}
	if h := v.Items[0].Str; !strings.HasPrefix(h, "HTTP_") {
		c.OnValue(b, v.Items[0], "", diagnostics.Msg(fmt.Sprintf("SECURE_PROXY_SSL_HEADER names %q, which lacks the HTTP_ prefix", diagnostics.Quote(h)),
			fmt.Sprintf("Django looks request headers up in META as HTTP_...: write 'HTTP_%s'", strings.ToUpper(strings.ReplaceAll(h, "-", "_")))))
	}
}
