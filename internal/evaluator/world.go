package evaluator

import "strings"

// The production world's conventions (../shared/rules.md, "The production
// world"): environment-name variables name production, deployment flags
// computed from files are on, and hosting-platform variables are set.

// isEnvNameVar reports a variable that names the environment: ENVIRONMENT,
// DJANGO_ENV, APP_ENV, STAGE, ENV_NAME and names like them.
func isEnvNameVar(name string) bool {
	n := strings.ToUpper(name)
	if strings.Contains(n, "DOT_ENV") || strings.Contains(n, "DOTENV") || strings.HasPrefix(n, "USE_") || strings.HasPrefix(n, "READ_") || strings.HasPrefix(n, "LOAD_") {
		return false
	}
	for _, suffix := range []string{"ENVIRONMENT_NAME", "ENV_NAME", "STAGE_NAME", "ENVIRONMENT", "ENV", "STAGE"} {
		if n == suffix || strings.HasSuffix(n, "_"+suffix) {
			return true
		}
	}
	return false
}

var productionFlags = map[string]bool{
	"PRODUCTION": true, "IS_PRODUCTION": true, "IS_PROD": true, "PROD": true, "IN_PRODUCTION": true,
	"DEPLOYED": true, "IS_DEPLOYED": true, "ON_SERVER": true, "IS_LIVE": true, "LIVE": true,
}

var developmentFlags = map[string]bool{
	"DEVELOPMENT": true, "IS_DEVELOPMENT": true, "IS_DEV": true, "DEV": true, "LOCAL": true,
	"IS_LOCAL": true, "DEV_MODE": true, "LOCAL_DEV": true, "LOCAL_DEVELOPMENT": true,
}

// platformVars are set by hosting platforms exactly when the app is
// deployed, so the production world takes them as set. Each of these
// platforms terminates TLS at its proxy in front of the app.
var platformVars = map[string]string{
	"RAILWAY_ENVIRONMENT": "Railway", "RAILWAY_PUBLIC_DOMAIN": "Railway", "FLY_APP_NAME": "Fly.io", "DYNO": "Heroku",
	"RENDER": "Render", "WEBSITE_HOSTNAME": "Azure App Service", "K_SERVICE": "Cloud Run", "VERCEL": "Vercel",
}

// PlatformVar reports whether a hosting platform sets the environment
// variable name when the app is deployed, and which platform.
func PlatformVar(name string) (platform string, ok bool) {
	platform, ok = platformVars[name]
	return platform, ok
}

// worldConvention adjusts a value bound to name.
func worldConvention(name string, v *Value, at Span) *Value {
	if v.Partial != Unknown {
		return v // partly known (partial.go): no convention replaces it
	}
	switch {
	case v.Kind == Str && v.Env != nil && !v.EnvName && isEnvNameVar(name):
		return envNameValue(v, name)
	case v.IsUnknown() && !v.Random && v.Kind != Object && isEnvNameVar(name):
		return envNameValue(v, name)
	case v.IsUnknown() && v.Kind == Object && v.Str != "function" && strings.HasSuffix(v.Str, "()") && isEnvNameVar(name):
		return envNameValue(v, name)
	case v.IsUnknown() && v.Str != "function" && productionFlags[strings.ToUpper(name)]:
		return boolVal(true, at).setNote(name + " is taken as true: it flags a production deployment")
	case v.IsUnknown() && v.Str != "function" && developmentFlags[strings.ToUpper(name)]:
		return boolVal(false, at).setNote(name + " is taken as false: it flags a development machine")
	}
	return v
}

func envNameValue(v *Value, name string) *Value {
	return (&Value{Kind: Str, Str: "production", EnvName: true, Span: v.Span, Env: v.Env}).
		setNote(name + " names the environment and is taken to name production")
}
