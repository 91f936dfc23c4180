package app

import (
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"riskbook/i18n"
	"riskbook/risk"
)

// speak switches the app to l for the test and back to English after.
func speak(t *testing.T, a *App, l i18n.Lang) {
	t.Helper()
	a.chooseLanguage(l)
	t.Cleanup(func() { a.useLanguage(i18n.English) })
}

// inLanguage writes every text in l for the test, as the app does once l
// is chosen, and in English again after.
func inLanguage(t *testing.T, l i18n.Lang) {
	t.Helper()
	i18n.SetDefault(l)
	t.Cleanup(func() { i18n.SetDefault(i18n.English) })
}

func TestDateFormats(t *testing.T) {
	day := risk.Date{Year: 2027, Month: 3, Day: 5}
	tests := []struct {
		lang  i18n.Lang
		shown string
		reads []string
		bad   []string
	}{
		{i18n.English, "2027-03-05", []string{"2027-03-05", " 2027-03-05 "}, []string{"05/03/2027", "2027-3-5", "5 March 2027"}},
		{i18n.French, "05/03/2027", []string{"05/03/2027", "5/3/2027", "2027-03-05"}, []string{"03/05/2027x", "32/01/2027", "5 mars 2027"}},
		{i18n.Spanish, "05/03/2027", []string{"05/03/2027", "5/03/2027", "2027-03-05"}, []string{"5-3-2027", "2027/03/05"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			f := dateFormatFor(tt.lang)
			if got := f.show(day); got != tt.shown {
				t.Errorf("show: got %q, want %q", got, tt.shown)
			}
			if got, err := f.parse(f.show(day)); err != nil || got != day {
				t.Errorf("parse(show) = %v, %v; want %v", got, err, day)
			}
			for _, s := range tt.reads {
				if got, err := f.parse(s); err != nil || got != day {
					t.Errorf("parse(%q) = %v, %v; want %v", s, got, err, day)
				}
			}
			for _, s := range tt.bad {
				if _, err := f.parse(s); err == nil {
					t.Errorf("parse(%q) took it, want a refusal", s)
				}
			}
		})
	}
}

func TestChooseLanguage(t *testing.T) {
	a := newTestApp(t, newTestWorkspace(t, "cctld"))
	speak(t, a, i18n.French)
	if got := a.fyne.Preferences().String(prefLanguage); got != "fr" {
		t.Errorf("setting: got %q, want fr", got)
	}
	if got := a.win.MainMenu().Items[0].Label; got != "Fichier" {
		t.Errorf("first menu: got %q, want Fichier", got)
	}
	if got := a.sections[0].title(); got != "Tableau de bord" {
		t.Errorf("first section: got %q, want Tableau de bord", got)
	}
	if got := a.dates.show(risk.Date{Year: 2027, Month: 3, Day: 5}); got != "05/03/2027" {
		t.Errorf("dates: got %q, want 05/03/2027", got)
	}
	// The toolkit's own words follow: its dialogs' buttons.
	if got := lang.L("Cancel"); got != "Annuler" {
		t.Errorf("toolkit's Cancel: got %q, want Annuler", got)
	}
	// The screens were built again in French and still show the workspace.
	a.selectSection("Risks")
	if a.risks == nil || a.risks.count.Text == "" {
		t.Fatal("the register is not shown after the change of language")
	}

	// The next start speaks the language chosen.
	i18n.SetDefault(i18n.English)
	b := New(a.fyne, newTestWorkspaces(t), "test")
	if got := i18n.Default().Lang(); got != i18n.French {
		t.Errorf("next start: got %s, want fr", got)
	}
	if got := b.win.MainMenu().Items[0].Label; got != "Fichier" {
		t.Errorf("next start's first menu: got %q, want Fichier", got)
	}

	speak(t, a, i18n.Spanish)
	if got := lang.L("Cancel"); got != "Cancelar" {
		t.Errorf("toolkit's Cancel in Spanish: got %q, want Cancelar", got)
	}
	// Back to the system's language: the setting is cleared.
	a.chooseLanguage("")
	if got := a.fyne.Preferences().String(prefLanguage); got != "" {
		t.Errorf("setting after choosing the system's language: got %q, want none", got)
	}
	if got := i18n.Default().Lang(); got != i18n.System() {
		t.Errorf("language after choosing the system's: got %s, want %s", got, i18n.System())
	}
}

func TestLanguageSettingUnknown(t *testing.T) {
	app := test.NewTempApp(t)
	app.Preferences().SetString(prefLanguage, "klingon")
	inLanguage(t, i18n.Spanish)
	if got := chosenLanguage(app.Preferences()); got != i18n.Spanish {
		t.Errorf("got %s, want the default language es", got)
	}
}

// TestFirstStartInTheChosenLanguage: a person who chose Spanish for the
// app is offered the Spanish starter kit first, on an English system.
func TestFirstStartInTheChosenLanguage(t *testing.T) {
	a, _ := newStartApp(t)
	speak(t, a, i18n.Spanish)
	a.Start("")
	if a.setup == nil || a.setup.lang != "es" || a.setup.language.Selected != "Español" {
		t.Fatalf("the first start offers %q, want the Spanish kit", a.setup.lang)
	}
}
