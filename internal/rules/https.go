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
// is False: absent is reported as missing.
func boolSetting(c *diagnostics.Context, name, absentMsg, falseMsg string) {
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
	msg := fmt.Sprintf(falseMsg, b.Value.Repr()) + c.Explain(b.Value)
	if t, ok := b.Value.Truth(); ok && t {
		msg += fmt.Sprintf("; Django checks `is True`, and %s is not the bool True", b.Value.Repr())
	}
	c.OnValue(b, b.Value, "", msg)
}

func checkSSLRedirect(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p {
		return
	}
	boolSetting(c, "SECURE_SSL_REDIRECT",
		"SECURE_SSL_REDIRECT is not set: plain-HTTP requests are served instead of redirected to HTTPS",
		"SECURE_SSL_REDIRECT is %s in production")
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
			c.Missing("SECURE_HSTS_SECONDS", "", "SECURE_HSTS_SECONDS is not set: browsers are not told to insist on HTTPS (HTTP Strict Transport Security)")
		}
		return
	}
	if t, ok := b.Value.Truth(); ok && !t {
		c.OnValue(b, b.Value, "", "SECURE_HSTS_SECONDS is "+b.Value.Repr()+" in production"+c.Explain(b.Value)+": HSTS is off")
	}
}

func checkHSTSSubdomains(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p {
		return
	}
	if on, ok := hstsOn(c); ok && on {
		boolSetting(c, "SECURE_HSTS_INCLUDE_SUBDOMAINS",
			"HSTS is on but SECURE_HSTS_INCLUDE_SUBDOMAINS is not set: subdomains can still be reached over plain HTTP",
			"SECURE_HSTS_INCLUDE_SUBDOMAINS is %s in production")
	}
}

func checkHSTSPreload(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p || !c.Django.AtLeast(1, 11) {
		return
	}
	if on, ok := hstsOn(c); ok && on {
		short := hstsShortOfAYear(c)
		boolSetting(c, "SECURE_HSTS_PRELOAD",
			"HSTS is on but SECURE_HSTS_PRELOAD is not set: the site cannot join browsers' HSTS preload list"+short,
			"SECURE_HSTS_PRELOAD is %s in production"+short)
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
	return fmt.Sprintf("; preload lists also require SECURE_HSTS_SECONDS of a year (31536000), not %d", b.Value.Int)
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
		c.OnValue(b, v, "", "SECURE_PROXY_SSL_HEADER must be a 2-tuple (header, value), e.g. ('HTTP_X_FORWARDED_PROTO', 'https'); it is "+v.Repr())
		return
	}
	if h := v.Items[0].Str; !strings.HasPrefix(h, "HTTP_") {
		c.OnValue(b, v.Items[0], "", fmt.Sprintf("SECURE_PROXY_SSL_HEADER names %q, but Django looks request headers up in META as HTTP_...: write 'HTTP_%s'", h, strings.ToUpper(strings.ReplaceAll(h, "-", "_"))))
	}
}
