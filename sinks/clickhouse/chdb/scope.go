package chdb

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"unsafe"
)

// run holds the connection for fn, with the statement's database and settings applied
// before it and undone after it.
func (e *Engine) run(ctx context.Context, query string, o stmtOptions, fn func() error) error {
	if err := o.validate(); err != nil {
		return err
	}
	if err := e.acquire(ctx); err != nil {
		return err
	}
	defer e.release()
	defer e.forgetSettings(query)
	if err := e.checkReadonly(query, o); err != nil {
		return err
	}
	undo, err := e.enterScope(o)
	if err != nil {
		return err
	}
	err = fn()
	if uerr := undo(); uerr != nil {
		err = errors.Join(err, fmt.Errorf("restoring connection state: %w", uerr))
	}
	return err
}

// oneWay are settings the engine refuses to change back once restricted on a
// connection; the binding enforces them itself and never sets them.
var oneWay = []string{"readonly", "allow_ddl"}

// checkReadonly enforces readonly (1 or 2: only read-only statements) and allow_ddl=0
// (read-only statements and INSERT only) for one statement.
func (e *Engine) checkReadonly(query string, o stmtOptions) error {
	readonly := o.settings["readonly"] != "" && o.settings["readonly"] != "0"
	noDDL := o.settings["allow_ddl"] == "0"
	if !readonly && !noDDL {
		return nil
	}
	a := queryAnalysis{structSize: uint32(unsafe.Sizeof(queryAnalysis{}))}
	q, qn := cbytes(query)
	rc := e.lib.classifyQueryN(e.handle(), q, qn, nil, 0, &a)
	runtime.KeepAlive(query)
	readOnly := rc == 0 && a.queryClass == queryClassReadOnly
	switch {
	case readonly && !readOnly:
		return &Error{Code: 164, Message: "DB::Exception: Cannot execute query in readonly mode. (READONLY)"}
	case noDDL && !readOnly && !insertRe.MatchString(query):
		return &Error{Code: 392, Message: "DB::Exception: DDL queries are prohibited for the user. (QUERY_IS_PROHIBITED)"}
	}
	return nil
}

var insertRe = regexp.MustCompile(`(?is)^\s*INSERT\s`)

// enterScope switches database and settings for one statement and returns what puts
// them back. The caller holds the connection.
func (e *Engine) enterScope(o stmtOptions) (undo func() error, err error) {
	var undos []func() error
	undo = func() error {
		var errs []error
		for _, u := range slices.Backward(undos) {
			errs = append(errs, u())
		}
		return errors.Join(errs...)
	}
	if o.database != "" {
		u, err := e.useDatabase(o.database)
		if err != nil {
			return nil, err
		}
		undos = append(undos, u)
	}
	if settings := withoutReadonly(o.settings); len(settings) > 0 {
		u, err := e.setSettings(settings)
		if err != nil {
			return nil, errors.Join(err, undo())
		}
		undos = append(undos, u)
	}
	return undo, nil
}

func withoutReadonly(settings map[string]string) map[string]string {
	out := settings
	for _, name := range oneWay {
		if _, ok := settings[name]; ok {
			if len(out) == len(settings) {
				out = maps.Clone(settings)
			}
			delete(out, name)
		}
	}
	return out
}

func (e *Engine) useDatabase(db string) (undo func() error, err error) {
	cur, err := e.queryLocked("SELECT currentDatabase()", "TSVRaw", nil, nil)
	if err != nil {
		return nil, err
	}
	prev := strings.TrimRight(string(cur), "\n")
	if _, err := e.queryLocked("USE "+QuoteIdent(db), DefaultFormat, nil, nil); err != nil {
		return nil, err
	}
	return func() error {
		_, err := e.queryLocked("USE "+QuoteIdent(prev), DefaultFormat, nil, nil)
		return err
	}, nil
}

// setSettings applies settings and returns what restores their previous values. A name
// the engine does not know fails with code 115 before anything changes.
func (e *Engine) setSettings(settings map[string]string) (undo func() error, err error) {
	names := make([]string, 0, len(settings))
	for name := range settings {
		names = append(names, name)
	}
	slices.Sort(names)
	prev, err := e.baselineSettings(names)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, ok := prev[name]; !ok {
			return nil, &Error{Code: 115, Message: fmt.Sprintf("DB::Exception: Unknown setting '%s'. (UNKNOWN_SETTING)", name)}
		}
	}
	if _, err := e.queryLocked(setStatement(names, settings), DefaultFormat, nil, nil); err != nil {
		return nil, err
	}
	return func() error {
		_, err := e.queryLocked(setStatement(names, prev), DefaultFormat, nil, nil)
		return err
	}, nil
}

// baselineSettings returns the connection's values of the named settings, read from the
// engine the first time a name is asked for and remembered after (reading them costs a
// few milliseconds; setting them a fraction of one). The memory is dropped whenever a
// statement may have changed settings (see forgetSettings). Names the engine does not
// know are absent from the map. The caller holds the connection.
func (e *Engine) baselineSettings(names []string) (map[string]string, error) {
	if e.baseline == nil {
		e.baseline = map[string]string{}
	}
	var missing []string
	for _, n := range names {
		if _, ok := e.baseline[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		vals, err := e.currentSettings(missing)
		if err != nil {
			return nil, err
		}
		maps.Copy(e.baseline, vals)
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		if v, ok := e.baseline[n]; ok {
			out[n] = v
		}
	}
	return out, nil
}

var setWordRe = regexp.MustCompile(`(?i)\bSET\b`)

// forgetSettings drops the remembered setting values if query may change settings.
// The caller holds the connection.
func (e *Engine) forgetSettings(query string) {
	if setWordRe.MatchString(query) {
		e.baseline = nil
	}
}

// currentSettings reads the connection's current values of the named settings; names
// the engine does not know are absent from the map.
func (e *Engine) currentSettings(names []string) (map[string]string, error) {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = QuoteString(n)
	}
	q := "SELECT name, value FROM system.settings WHERE name IN (" + strings.Join(quoted, ", ") + ")"
	out, err := e.queryLocked(q, "JSONCompactEachRow", nil, nil)
	if err != nil {
		return nil, err
	}
	vals := make(map[string]string, len(names))
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var row [2]string
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			return nil, fmt.Errorf("reading current settings: %w", err)
		}
		vals[row[0]] = row[1]
	}
	return vals, sc.Err()
}

func setStatement(names []string, vals map[string]string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " = " + QuoteString(vals[n])
	}
	return "SET " + strings.Join(parts, ", ")
}

// QuoteString returns s as a ClickHouse string literal.
func QuoteString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// QuoteIdent returns s as a ClickHouse quoted identifier.
func QuoteIdent(s string) string {
	return "`" + strings.NewReplacer(`\`, `\\`, "`", "\\`").Replace(s) + "`"
}
