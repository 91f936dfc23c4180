package localeenv

import "testing"

func TestNormalise(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want map[string]string // the variables set
	}{
		{"LangCUTF8", map[string]string{"LANG": "C.UTF-8"}, map[string]string{"LC_MESSAGES": "C"}},
		{"LangPOSIXUTF8", map[string]string{"LANG": "POSIX.UTF-8"}, map[string]string{"LC_MESSAGES": "C"}},
		{"LangC", map[string]string{"LANG": "C"}, nil},
		{"LangFrench", map[string]string{"LANG": "fr_FR.UTF-8"}, nil},
		{"Unset", map[string]string{}, nil},
		{"LCAllWins", map[string]string{"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, map[string]string{"LC_ALL": "C"}},
		{"LCAllFrenchWins", map[string]string{"LC_ALL": "fr_FR.UTF-8", "LANG": "C.UTF-8"}, nil},
		{"LCMessages", map[string]string{"LC_MESSAGES": "C.utf8", "LANG": "en_GB.UTF-8"}, map[string]string{"LC_MESSAGES": "C"}},
		{"Modifier", map[string]string{"LANG": "C.UTF-8@euro"}, map[string]string{"LC_MESSAGES": "C"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := map[string]string{}
			Normalise(func(k string) string { return tt.env[k] }, func(k, v string) error { set[k] = v; return nil })
			if len(set) != len(tt.want) {
				t.Fatalf("got %v set, want %v", set, tt.want)
			}
			for k, v := range tt.want {
				if set[k] != v {
					t.Errorf("%s: got %q, want %q", k, set[k], v)
				}
			}
		})
	}
}
