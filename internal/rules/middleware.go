package rules

import (
	"fmt"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/treesitter"
)

func init() {
	register(
		&Rule{ID: "DJS301", Name: "security-middleware-missing", Severity: diagnostics.Warning, DjangoCheck: "security.W001",
			Summary: "SecurityMiddleware is not in MIDDLEWARE", Fix: insertMiddleware(securityMW, true), Check: missingMiddleware(securityMW,
				"django.middleware.security.SecurityMiddleware is not in MIDDLEWARE: HSTS, SSL redirect, nosniff, referrer and COOP settings have no effect")},
		&Rule{ID: "DJS302", Name: "clickjacking-middleware-missing", Severity: diagnostics.Warning, DjangoCheck: "security.W002",
			Summary: "XFrameOptionsMiddleware is not in MIDDLEWARE", Fix: insertMiddleware(xFrameMW, false), Check: missingMiddleware(xFrameMW,
				"django.middleware.clickjacking.XFrameOptionsMiddleware is not in MIDDLEWARE: pages send no X-Frame-Options header and can be framed (clickjacking)")},
		&Rule{ID: "DJS303", Name: "csrf-middleware-missing", Severity: diagnostics.Warning, DjangoCheck: "security.W003",
			Summary: "CsrfViewMiddleware is not in MIDDLEWARE", Fix: insertMiddleware(csrfMW, false, sessionMW, "django.middleware.common.CommonMiddleware"), Check: missingMiddleware(csrfMW,
				"django.middleware.csrf.CsrfViewMiddleware is not in MIDDLEWARE: forms have no CSRF protection")},
		&Rule{ID: "DJS304", Name: "x-frame-options-not-deny", Severity: diagnostics.Warning, DjangoCheck: "security.W019",
			Summary: "X_FRAME_OPTIONS is set to something other than 'DENY'", Fix: func(b *fix.Builder) *fix.Fix { return b.SetValue("X_FRAME_OPTIONS", b.Style().Q("DENY"), false) }, Check: checkXFrame},
		&Rule{ID: "DJS305", Name: "content-type-nosniff-off", Severity: diagnostics.Warning, DjangoCheck: "security.W006",
			Summary: "SECURE_CONTENT_TYPE_NOSNIFF is set to something other than True", Fix: func(b *fix.Builder) *fix.Fix { return b.SetValue("SECURE_CONTENT_TYPE_NOSNIFF", "True", true) }, Check: checkNosniff},
		&Rule{ID: "DJS306", Name: "referrer-policy-missing", Severity: diagnostics.Warning, DjangoCheck: "security.W022",
			Summary: "SECURE_REFERRER_POLICY is set to None", Fix: referrerSameOrigin, Check: checkReferrerNone},
		&Rule{ID: "DJS307", Name: "referrer-policy-invalid", Severity: diagnostics.Error, DjangoCheck: "security.E023",
			Summary: "SECURE_REFERRER_POLICY holds a value outside the valid referrer policies", Fix: referrerSameOrigin, Check: checkReferrerInvalid},
		&Rule{ID: "DJS308", Name: "coop-invalid", Severity: diagnostics.Error, DjangoCheck: "security.E024",
			Summary: "SECURE_CROSS_ORIGIN_OPENER_POLICY is not same-origin, same-origin-allow-popups or unsafe-none", Check: checkCOOP},
		&Rule{ID: "DJS309", Name: "whitenoise-middleware-order", Severity: diagnostics.Warning,
			Summary: "WhiteNoiseMiddleware is not directly after SecurityMiddleware", Fix: fixMoveWhiteNoise, Check: checkWhiteNoiseOrder},
	)
}

func missingMiddleware(path, msg string) func(*diagnostics.Context) {
	return func(c *diagnostics.Context) {
		present, known := hasMiddleware(c, path)
		if present || !known {
			return
		}
		_, b, _ := middleware(c)
		if b == nil {
			c.Missing("MIDDLEWARE", "", msg+" (MIDDLEWARE is not set)")
			return
		}
		c.At(b, b.Target, "", msg)
	}
}

func checkXFrame(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, xFrameMW); !p {
		return
	}
	b := c.Setting("X_FRAME_OPTIONS")
	if b == nil {
		if !c.Django.AtLeast(3, 0) && c.Absent("X_FRAME_OPTIONS") {
			c.Missing("X_FRAME_OPTIONS", "", "X_FRAME_OPTIONS is not set, and before Django 3.0 its default is 'SAMEORIGIN'")
		}
		return
	}
	if b.Value.IsUnknown() || (b.Value.Kind == evaluator.Str && b.Value.Str == "DENY") {
		return
	}
	msg := "X_FRAME_OPTIONS is " + b.Value.Repr() + ", not 'DENY'" + c.Explain(b.Value)
	if b.Value.Kind == evaluator.Str && strings.EqualFold(b.Value.Str, "DENY") {
		msg += "; Django's check is case-sensitive: write 'DENY'"
	}
	c.OnValue(b, b.Value, "", msg)
}

func checkNosniff(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p {
		return
	}
	b := c.Setting("SECURE_CONTENT_TYPE_NOSNIFF")
	if b == nil {
		if !c.Django.AtLeast(3, 0) && c.Absent("SECURE_CONTENT_TYPE_NOSNIFF") {
			c.Missing("SECURE_CONTENT_TYPE_NOSNIFF", "", "SECURE_CONTENT_TYPE_NOSNIFF is not set, and before Django 3.0 its default is False")
		}
		return
	}
	if truth, known := isTrue(b.Value, true); known && !truth {
		c.OnValue(b, b.Value, "", "SECURE_CONTENT_TYPE_NOSNIFF is "+b.Value.Repr()+c.Explain(b.Value)+": browsers may sniff content types (Django's default, True, is safe: remove the line)")
	}
}

// ReferrerPolicies are the values Django accepts for SECURE_REFERRER_POLICY.
var ReferrerPolicies = []string{"no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
	"same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url"}

// COOPValues are the values Django accepts for SECURE_CROSS_ORIGIN_OPENER_POLICY.
var COOPValues = []string{"same-origin", "same-origin-allow-popups", "unsafe-none"}

func checkReferrerNone(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p || !c.Django.AtLeast(3, 0) {
		return
	}
	b := c.Setting("SECURE_REFERRER_POLICY")
	if b == nil {
		if !c.Django.AtLeast(3, 1) && c.Absent("SECURE_REFERRER_POLICY") {
			c.Missing("SECURE_REFERRER_POLICY", "", "SECURE_REFERRER_POLICY is not set, and in Django 3.0 its default is None")
		}
		return
	}
	if b.Value.Kind == evaluator.None {
		c.OnValue(b, b.Value, "", "SECURE_REFERRER_POLICY is None"+c.Explain(b.Value)+": no Referrer-Policy header is sent, so full URLs leak to other sites")
	}
}

func checkReferrerInvalid(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p || !c.Django.AtLeast(3, 0) {
		return
	}
	b := c.Setting("SECURE_REFERRER_POLICY")
	if b == nil || b.Value.IsUnknown() || b.Value.Kind == evaluator.None {
		return
	}
	var values []string
	switch v := b.Value; {
	case v.Kind == evaluator.Str:
		for _, p := range strings.Split(v.Str, ",") {
			values = append(values, strings.TrimSpace(p))
		}
	case v.IsSequence():
		if v.HasUnknownItems() {
			return
		}
		for _, it := range v.Items {
			if it.Kind != evaluator.Str {
				values = append(values, it.Repr())
				continue
			}
			values = append(values, it.Str)
		}
	default:
		return
	}
	for _, val := range values {
		if !contains(ReferrerPolicies, val) {
			c.OnValue(b, b.Value, "", fmt.Sprintf("SECURE_REFERRER_POLICY has the invalid value %q; valid values are %s", val, strings.Join(ReferrerPolicies, ", ")))
			return
		}
	}
}

func checkCOOP(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p || !c.Django.AtLeast(4, 0) {
		return
	}
	b := c.Setting("SECURE_CROSS_ORIGIN_OPENER_POLICY")
	if b == nil || b.Value.IsUnknown() || b.Value.Kind == evaluator.None {
		return
	}
	if b.Value.Kind != evaluator.Str || !contains(COOPValues, b.Value.Str) {
		c.OnValue(b, b.Value, "", fmt.Sprintf("SECURE_CROSS_ORIGIN_OPENER_POLICY is %s; valid values are %s", b.Value.Repr(), strings.Join(COOPValues, ", ")))
	}
}

func checkWhiteNoiseOrder(c *diagnostics.Context) {
	list, b, ok := middleware(c)
	if !ok || b == nil {
		return
	}
	wn, sec := -1, -1
	for i, it := range list.Items {
		switch {
		case it.Kind == evaluator.Str && it.Str == whiteNoiseMW:
			wn = i
		case it.Kind == evaluator.Str && it.Str == securityMW:
			sec = i
		}
	}
	if wn < 0 || wn == sec+1 {
		return
	}
	msg := "WhiteNoiseMiddleware must come directly after SecurityMiddleware"
	if sec < 0 {
		if wn == 0 {
			return
		}
		msg = "WhiteNoiseMiddleware must come before every middleware but SecurityMiddleware"
	}
	c.OnValue(b, list.Items[wn], "", msg+": other middleware otherwise runs for every static file request")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Quick fixes.

// insertMiddleware adds the missing middleware path where Django's project
// template puts it: first, or after the last of after present, else at the
// end.
func insertMiddleware(path string, first bool, after ...string) func(*fix.Builder) *fix.Fix {
	return func(b *fix.Builder) *fix.Fix {
		list := b.SettingContainer("MIDDLEWARE", "list", "tuple")
		if list == nil {
			return nil
		}
		els := fix.Elements(list)
		at := len(els)
		if first {
			at = 0
		} else if len(after) > 0 {
			for i, el := range els {
				for _, a := range after {
					if fix.StringValue(el, b.Text()) == a {
						at = i + 1
					}
				}
			}
		}
		short := path[strings.LastIndex(path, ".")+1:]
		return &fix.Fix{Title: "Add " + short + " to MIDDLEWARE", Safe: true, Edits: []fix.Edit{b.InsertElement(list, at, b.Style().Q(path))}}
	}
}

// referrerSameOrigin sets SECURE_REFERRER_POLICY to Django's default.
func referrerSameOrigin(b *fix.Builder) *fix.Fix {
	return b.SetValue("SECURE_REFERRER_POLICY", b.Style().Q("same-origin"), true)
}

// fixMoveWhiteNoise puts WhiteNoiseMiddleware directly after SecurityMiddleware.
func fixMoveWhiteNoise(b *fix.Builder) *fix.Fix {
	list := b.SettingContainer("MIDDLEWARE", "list", "tuple")
	if list == nil {
		return nil
	}
	var wn *treesitter.Node
	sec := -1
	for i, el := range fix.Elements(list) {
		switch fix.StringValue(el, b.Text()) {
		case whiteNoiseMW:
			wn = el
		case securityMW:
			sec = i
		}
	}
	if wn == nil || sec < 0 {
		return nil
	}
	text := wn.Text(b.Text())
	return &fix.Fix{Title: "Move WhiteNoiseMiddleware directly after SecurityMiddleware", Safe: true,
		Edits: []fix.Edit{b.RemoveElement(list, wn), b.InsertElement(list, sec+1, text)}}
}
