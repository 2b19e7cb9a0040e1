// Package differential holds a test that compares djls with Django's own
// `check --deploy` (Debian's Django 3.2) on generated settings modules.
package differential
