// Package differential holds a test that compares the findings of the djls
// CLI with Django's own `check --deploy` (Debian's Django 3.2) on generated
// settings modules.
package differential
