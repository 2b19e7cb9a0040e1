package finding

import (
	"reflect"
	"testing"
)

// TestEqualComparesEveryField changes each field of a finding in
// turn (each field of an embedded struct too): Equal must tell every
// change, or a front end would show what it built from an earlier finding.
func TestEqualComparesEveryField(t *testing.T) {
	base := Finding{Code: "DJS001", Related: []Related{{Message: "m"}}, Tags: []Tag{1}}
	base.Path, base.Start, base.End = "/p/settings.py", 3, 9
	if !Equal(base, base) {
		t.Fatal("a finding differs from itself")
	}
	changed := base
	var fields func(v reflect.Value, name string)
	fields = func(v reflect.Value, name string) {
		for i := 0; i < v.NumField(); i++ {
			fv, fname := v.Field(i), name+v.Type().Field(i).Name
			if fv.Kind() == reflect.Struct {
				fields(fv, fname+".")
				continue
			}
			old := reflect.New(fv.Type()).Elem()
			old.Set(fv)
			if !change(fv) {
				t.Fatalf("%s: no way to change a %s; extend change", fname, fv.Kind())
			}
			if Equal(base, changed) {
				t.Errorf("Equal misses a change of %s", fname)
			}
			fv.Set(old)
		}
	}
	fields(reflect.ValueOf(&changed).Elem(), "")
}

// change sets v to a different value of its type.
func change(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Slice:
		v.Set(reflect.Append(v, reflect.New(v.Type().Elem()).Elem()))
	default:
		return false
	}
	return true
}
