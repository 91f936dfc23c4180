package app

import (
	"log"
	"os"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"riskbook/i18n"
)

// prefLanguage keeps the language the person chose in the View menu;
// empty (or absent) follows the system's language.
const prefLanguage = "app.language"

// The app speaks the language of the system (i18n.System) — or the one
// the command line's --lang gave — unless the person chose another in
// View → Language, which is kept between runs. A choice applies at once:
// every screen and menu is built again in the new language, the edits in
// progress saved first.

// chosenLanguage is the language the app starts in: the setting when it
// names a language Riskbook speaks, else the default (the system's, or
// --lang's).
func chosenLanguage(prefs fyne.Preferences) i18n.Lang {
	if v := prefs.String(prefLanguage); v != "" {
		if l, err := i18n.Parse(v); err == nil {
			return l
		}
		log.Printf("language setting %q is not a language Riskbook speaks; using the system's", v)
	}
	return i18n.Default().Lang()
}

// useLanguage makes l the language of the app's texts, its dates and the
// toolkit's own words (dialog buttons, file dialogs, a field's menu).
func (a *App) useLanguage(l i18n.Lang) {
	i18n.SetDefault(l)
	a.dates = dateFormatFor(l)
	toolkitLanguage(l)
}

var toolkitOnce sync.Once

// toolkitLanguage hands Riskbook's message files to Fyne's own
// translations and points them at l. Fyne has no setter for its language:
// it reads the system's locales (through go-locale) each time translations
// are added, so the variables that decide it name l for that moment and
// are put back at once. On Linux and the BSDs this is the whole story; on
// macOS and Windows, whose locales do not come from the environment, the
// toolkit's own words follow the system's language.
func toolkitLanguage(l i18n.Lang) {
	restore := setEnv(map[string]string{"LANGUAGE": string(l), "LC_ALL": string(l)})
	defer restore()
	added := false
	toolkitOnce.Do(func() {
		if err := lang.AddTranslationsFS(i18n.Files, i18n.Dir); err != nil {
			log.Printf("toolkit translations: %v", err)
		}
		added = true
	})
	if added {
		return
	}
	// An empty message file of the language makes Fyne choose again.
	if err := lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale(l)); err != nil {
		log.Printf("toolkit language %s: %v", l, err)
	}
}

// setEnv sets the variables and returns what puts them back as they were.
func setEnv(vars map[string]string) (restore func()) {
	type was struct {
		value string
		set   bool
	}
	before := map[string]was{}
	for k, v := range vars {
		old, ok := os.LookupEnv(k)
		before[k] = was{old, ok}
		if err := os.Setenv(k, v); err != nil {
			log.Printf("set %s: %v", k, err)
		}
	}
	return func() {
		for k, w := range before {
			var err error
			if w.set {
				err = os.Setenv(k, w.value)
			} else {
				err = os.Unsetenv(k)
			}
			if err != nil {
				log.Printf("restore %s: %v", k, err)
			}
		}
	}
}

// languageMenu is View → Language: the system's language, then each
// language Riskbook speaks by its own name, the one in use ticked.
func (a *App) languageMenu() *fyne.MenuItem {
	saved := a.fyne.Preferences().String(prefLanguage)
	system := fyne.NewMenuItem(i18n.T("shell.menu.language.system", i18n.Args{"Lang": i18n.System().Name()}),
		a.request(func() { a.chooseLanguage("") }))
	system.Checked = saved == ""
	items := []*fyne.MenuItem{system, fyne.NewMenuItemSeparator()}
	for _, l := range i18n.Langs() {
		it := fyne.NewMenuItem(l.Name(), a.request(func() { a.chooseLanguage(l) }))
		it.Checked = saved != "" && l == i18n.Default().Lang()
		items = append(items, it)
	}
	m := fyne.NewMenuItem(i18n.T("shell.menu.language"), nil)
	m.ChildMenu = fyne.NewMenu("", items...)
	return m
}

// chooseLanguage keeps l as the app's language ("" for the system's) and
// speaks it at once.
func (a *App) chooseLanguage(l i18n.Lang) {
	if len(a.waiting) > 0 {
		// Rebuilding the screens would drop the edit whose choice is
		// shown: the person makes it first, and the language stays.
		a.inform(a.win, i18n.T("shell.menu.language"), i18n.N("choice.language_waits", len(a.waiting), i18n.Args{"Refs": a.waitingRefs()}))
		return
	}
	a.fyne.Preferences().SetString(prefLanguage, string(l))
	if l == "" {
		l = i18n.System()
	}
	a.useLanguage(l)
	a.relabel()
	for _, v := range a.viewers {
		v.dates = a.dates
		v.relabel()
	}
}

// relabel builds the window again in the language now in use: the menus,
// the navigation, the status bar and every screen, which reload from the
// workspace once the edits they hold are saved.
func (a *App) relabel() {
	if a.ws != nil {
		a.flush()
		if a.risks != nil {
			a.risks.dispose()
		}
		a.risks, a.activities, a.resources = nil, nil, nil
		for _, s := range a.sections {
			s.scr = s.make(a.ws)
			s.stale = true
		}
		a.show(a.current)
		a.showReadOnly()
	} else if a.setup == nil {
		a.showEmpty()
	}
	a.win.SetMainMenu(a.mainMenu())
	a.nav.Refresh()
	a.status.idle()
}
