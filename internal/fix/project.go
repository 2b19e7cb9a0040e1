package fix

// Helpers for fixes in project files: .gitignore and the requirements.

// lineAfter is line as a new line following text (which may lack a final
// line break).
func lineAfter(text []byte, line, nl string) string {
	if len(text) > 0 && text[len(text)-1] != '\n' && text[len(text)-1] != '\r' {
		return nl + line + nl
	}
	return line + nl
}
