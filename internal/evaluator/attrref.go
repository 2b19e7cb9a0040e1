package evaluator

// attributeRef returns the ref of attribute attr of the object ref obj
// ("os" and "environ": "os.environ"). The refs settings modules read on
// every line (os.environ, os.environ.get, os.path.join) come from a table
// instead of a new string each time.
func attributeRef(obj, attr string) string {
	var buf [64]byte
	if len(obj)+1+len(attr) <= len(buf) {
		key := append(append(append(buf[:0], obj...), '.'), attr...)
		if ref, ok := commonRefs[string(key)]; ok { // no allocation for the lookup
			return ref
		}
	}
	return obj + "." + attr
}

// commonRefs holds the refs attributeRef hands out without building them.
var commonRefs = func() map[string]string {
	refs := map[string]string{}
	for _, r := range []string{
		"os.environ", "os.environ.get", "os.environ.setdefault", "os.getenv", "os.path",
		"os.path.join", "os.path.dirname", "os.path.abspath", "os.path.realpath", "os.path.exists",
		"os.path.basename", "os.path.isfile", "os.path.isdir", "os.path.expanduser",
		"decouple.config", "decouple.Csv", "decouple.Choices", "environ.Env", "environ.Path",
		"dj_database_url.config", "dj_database_url.parse", "sys.argv",
	} {
		refs[r] = r
	}
	for _, r := range libraryNames {
		refs[r] = r
	}
	return refs
}()
