// Package i18n is how Riskbook speaks the reader's language: the app, the
// command line, the rule findings and the exports all take their fixed
// texts from one catalogue of messages, kept as JSON files under locales/
// that a translator edits without reading Go.
//
// A file is named AREA.LANG.json (app.fr.json, export.es.json): the area
// only groups the messages for the people who edit them, every message
// identifier is unique across all areas. A file is the go-i18n (and Fyne)
// format: an object whose keys are message identifiers and whose values
// are either the text or, for a text that depends on a count, an object of
// CLDR plural forms ({"one": "…", "other": "…"}). Texts are Go templates:
// {{.Ref}} is replaced by the value given for "Ref". Every language holds
// every identifier of English, with the same placeholders; a test fails
// otherwise, so a French window never shows an English string.
//
// The language of a text is chosen by its reader, not by the machine: the
// app and the command line use Default (the system's language, or the one
// the person chose), an export the language it was asked for (For).
package i18n

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"path"
	"sync"
	"sync/atomic"

	gi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Files holds the message files, in Dir; the app hands them to the GUI
// toolkit too, so that its own words follow the same choice.
//
//go:embed locales/*.json
var Files embed.FS

// Dir is the folder of Files that holds the message files.
const Dir = "locales"

// Lang is a language Riskbook speaks, as its ISO 639-1 code.
type Lang string

// The languages Riskbook speaks. English is the source of every text.
const (
	English Lang = "en"
	French  Lang = "fr"
	Spanish Lang = "es"
)

// Langs are the languages Riskbook speaks, English first.
func Langs() []Lang { return []Lang{English, French, Spanish} }

// Args are the values a message's placeholders are replaced with.
type Args = map[string]any

// A Printer writes the messages, numbers and dates of one language.
type Printer struct {
	lang  Lang
	loc   *gi18n.Localizer
	nums  *message.Printer
	dates dateNames
}

var (
	loadOnce sync.Once
	bundle   *gi18n.Bundle
	printers map[Lang]*Printer
	loadErr  error

	current atomic.Pointer[Printer]
)

func load() {
	bundle = gi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	entries, err := fs.ReadDir(Files, Dir)
	if err != nil {
		loadErr = err
		return
	}
	for _, e := range entries {
		b, err := fs.ReadFile(Files, path.Join(Dir, e.Name()))
		if err == nil {
			_, err = bundle.ParseMessageFileBytes(b, e.Name())
		}
		if err != nil && loadErr == nil {
			loadErr = fmt.Errorf("message file %s: %w", e.Name(), err)
		}
	}
	printers = make(map[Lang]*Printer)
	for _, l := range Langs() {
		p := &Printer{lang: l, loc: gi18n.NewLocalizer(bundle, string(l)), nums: message.NewPrinter(language.Make(string(l)))}
		p.dates = loadDateNames(p)
		printers[l] = p
	}
}

// For returns the printer of a language; a language Riskbook does not
// speak gets English (Parse is how outside input becomes a Lang).
func For(l Lang) *Printer {
	loadOnce.Do(load)
	if p, ok := printers[l]; ok {
		return p
	}
	return printers[English]
}

// Default is the printer of the language the person reads: the one given
// to SetDefault, else the system's (System).
func Default() *Printer {
	if p := current.Load(); p != nil {
		return p
	}
	p := For(System())
	current.CompareAndSwap(nil, p)
	return current.Load()
}

// SetDefault chooses the language of Default, T and N.
func SetDefault(l Lang) { current.Store(For(l)) }

// T writes message id in the default language.
func T(id string, args ...Args) string { return Default().T(id, args...) }

// N writes message id for count in the default language.
func N(id string, count int, args ...Args) string { return Default().N(id, count, args...) }

// Lang is the language p writes.
func (p *Printer) Lang() Lang { return p.lang }

// T writes message id with its placeholders replaced by args. A message
// no catalogue holds writes its identifier (and logs it): tests make sure
// that never reaches a person.
func (p *Printer) T(id string, args ...Args) string {
	return p.localize(&gi18n.LocalizeConfig{MessageID: id, TemplateData: merge(args)})
}

// N writes message id in the plural form count takes in p's language; the
// placeholder {{.Count}} is count, written as a number of that language.
func (p *Printer) N(id string, count int, args ...Args) string {
	data := merge(args)
	if data == nil {
		data = Args{}
	}
	if _, ok := data["Count"]; !ok {
		data["Count"] = p.Int(count)
	}
	return p.localize(&gi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
}

func (p *Printer) localize(c *gi18n.LocalizeConfig) string {
	if loadErr != nil {
		log.Printf("i18n: %v", loadErr)
	}
	s, err := p.loc.Localize(c)
	if err != nil {
		log.Printf("i18n: %s: %v", p.lang, err)
		if s == "" {
			return c.MessageID
		}
	}
	return s
}

func merge(args []Args) Args {
	switch len(args) {
	case 0:
		return nil
	case 1:
		return args[0]
	}
	out := Args{}
	for _, a := range args {
		for k, v := range a {
			out[k] = v
		}
	}
	return out
}

// Name is how the language calls itself ("Français"), for choosers.
func (l Lang) Name() string { return For(l).T("lang.self") }

// Has reports whether id is a message of the catalogue, for code that
// chooses between a message and a text of the user's (a level named by
// the default criteria, or renamed by the user).
func Has(id string) bool {
	loadOnce.Do(load)
	_, err := printers[English].loc.Localize(&gi18n.LocalizeConfig{MessageID: id})
	var missing *gi18n.MessageNotFoundErr
	return !errors.As(err, &missing)
}
