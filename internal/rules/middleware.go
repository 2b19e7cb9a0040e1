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
				"HSTS, SSL redirect, nosniff, referrer and COOP settings have no effect")},
		&Rule{ID: "DJS302", Name: "clickjacking-middleware-missing", Severity: diagnostics.Warning, DjangoCheck: "security.W002",
			Summary: "XFrameOptionsMiddleware is not in MIDDLEWARE", Fix: insertMiddleware(xFrameMW, false), Check: missingMiddleware(xFrameMW,
				"Pages send no X-Frame-Options header and can be framed (clickjacking)")},
		&Rule{ID: "DJS303", Name: "csrf-middleware-missing", Severity: diagnostics.Warning, DjangoCheck: "security.W003",
			Summary: "CsrfViewMiddleware is not in MIDDLEWARE", Fix: insertMiddleware(csrfMW, false, sessionMW, "django.middleware.common.CommonMiddleware"), Check: missingMiddleware(csrfMW,
				"Forms have no CSRF protection")},
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

// missingMiddleware reports a middleware (its dotted path) that MIDDLEWARE
// lacks, and why that matters.
func missingMiddleware(path, why string) func(*diagnostics.Context) {
	short := path[strings.LastIndex(path, ".")+1:]
	return func(c *diagnostics.Context) {
		present, known := hasMiddleware(c, path)
		if present || !known {
			return
		}
		detail := path + " is not in MIDDLEWARE"
		_, b, _ := middleware(c)
		if b == nil {
			c.Missing("MIDDLEWARE", "", diagnostics.Msg("MIDDLEWARE is not set, so it lacks "+short, detail, why))
			return
		}
		c.At(b, b.Target(), "", diagnostics.Msg("MIDDLEWARE lacks "+short, detail, why))
	}
}

func checkXFrame(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, xFrameMW); !p {
		return
	}
	b := c.Setting("X_FRAME_OPTIONS")
	if b == nil {
		if !c.Django.AtLeast(3, 0) && c.Absent("X_FRAME_OPTIONS") {
			c.Missing("X_FRAME_OPTIONS", "", diagnostics.Msg("X_FRAME_OPTIONS is not set, so it is 'SAMEORIGIN' before Django 3.0",
				"Before Django 3.0 its default is 'SAMEORIGIN': pages can be framed by the same site"))
		}
		return
	}
	if b.Value.IsUnknown() || (b.Value.Kind == evaluator.Str && b.Value.Str == "DENY") {
		return
	}
	headline := "X_FRAME_OPTIONS is " + diagnostics.Quote(b.Value.Repr()) + ", not 'DENY'"
	detail := []string{c.Why(b.Value)}
	if b.Value.Kind == evaluator.Str && strings.EqualFold(b.Value.Str, "DENY") {
		detail = append(detail, "Django's check is case-sensitive: write 'DENY'")
	}
	c.OnValue(b, b.Value, "", diagnostics.Msg(headline, detail...))
}

func checkNosniff(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, securityMW); !p {
		return
	}
	b := c.Setting("SECURE_CONTENT_TYPE_NOSNIFF")
	if b == nil {
		if !c.Django.AtLeast(3, 0) && c.Absent("SECURE_CONTENT_TYPE_NOSNIFF") {
			c.Missing("SECURE_CONTENT_TYPE_NOSNIFF", "", diagnostics.Msg("SECURE_CONTENT_TYPE_NOSNIFF is not set, so it is False before Django 3.0",
				"Before Django 3.0 its default is False: browsers may sniff content types"))
		}
		return
	}
	if truth, known := isTrue(b.Value, true); known && !truth {
		c.OnValue(b, b.Value, "", diagnostics.Msg(c.Is("SECURE_CONTENT_TYPE_NOSNIFF", b.Value), c.Why(b.Value),
			"Browsers may sniff content types (Django's default, True, is safe: remove the line)"))
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
			c.Missing("SECURE_REFERRER_POLICY", "", diagnostics.Msg("SECURE_REFERRER_POLICY is not set, so it is None in Django 3.0",
				"In Django 3.0 its default is None: no Referrer-Policy header is sent"))
		}
		return
	}
	if b.Value.Kind == evaluator.None {
		c.OnValue(b, b.Value, "", diagnostics.Msg(c.Is("SECURE_REFERRER_POLICY", b.Value), c.Why(b.Value),
			"No Referrer-Policy header is sent, so full URLs leak to other sites"))
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
			c.OnValue(b, b.Value, "", diagnostics.Msg(fmt.Sprintf("SECURE_REFERRER_POLICY has the invalid value %q", diagnostics.Quote(val)),
				"Valid values are "+strings.Join(ReferrerPolicies, ", ")))
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
		c.OnValue(b, b.Value, "", diagnostics.Msg(fmt.Sprintf("SECURE_CROSS_ORIGIN_OPENER_POLICY has the invalid value %s", diagnostics.Quote(b.Value.Repr())),
			"Valid values are "+strings.Join(COOPValues, ", ")))
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
	c.OnValue(b, list.Items[wn], "", diagnostics.Msg(msg, "Other middleware otherwise runs for every static file request"))
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
