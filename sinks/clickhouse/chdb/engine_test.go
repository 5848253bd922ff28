package chdb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

func mustExec(t testing.TB, q string) {
	t.Helper()
	if _, err := testEngine.Query(context.Background(), q, ""); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func mustQuery(t testing.TB, q, format string) string {
	t.Helper()
	out, err := testEngine.Query(context.Background(), q, format)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return string(out)
}

func TestQueryFormats(t *testing.T) {
	tests := []struct {
		name, query, format, want string
	}{
		{"default is TabSeparated", "SELECT 1 AS a, 'x' AS b", "", "1\tx\n"},
		{"CSV", "SELECT 1 AS a, 'x' AS b", "CSV", "1,\"x\"\n"},
		{"JSONEachRow", "SELECT 1 AS a, 'x' AS b", "JSONEachRow", "{\"a\":1,\"b\":\"x\"}\n"},
		{"FORMAT clause wins", "SELECT 2 AS a FORMAT CSVWithNames", "TabSeparated", "\"a\"\n2\n"},
		{"empty result", "SELECT 1 WHERE 0", "", ""},
		{"DDL returns nothing", "CREATE DATABASE IF NOT EXISTS qf", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustQuery(t, tt.query, tt.format); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorCodes(t *testing.T) {
	tests := []struct {
		name, query string
		code        int
	}{
		{"unknown table", "SELECT * FROM no_such_table", 60},
		{"syntax error", "SELEKT 1", 62},
		{"unknown function", "SELECT no_such_function(1)", 46},
		{"unknown database", "SELECT * FROM no_such_db.t", 81},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := testEngine.Query(context.Background(), tt.query, "")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T), want *Error", err, err)
			}
			if ce.Code != tt.code {
				t.Errorf("code %d, want %d (%v)", ce.Code, tt.code, err)
			}
			if want := fmt.Sprintf("Code: %d. DB::Exception: ", tt.code); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("message %q, want prefix %q", err.Error(), want)
			}
		})
	}
	// The connection keeps working after errors.
	if got := mustQuery(t, "SELECT 42", ""); got != "42\n" {
		t.Errorf("after errors: %q", got)
	}
}

func TestParseError(t *testing.T) {
	tests := []struct {
		in   string
		want Error
	}{
		{"Code: 60. DB::Exception: Unknown table. (UNKNOWN_TABLE)\n", Error{60, "DB::Exception: Unknown table. (UNKNOWN_TABLE)"}},
		{"  Code: 1000. Poco", Error{1000, "Poco"}},
		{"Invalid or closed connection", Error{0, "Invalid or closed connection"}},
	}
	for _, tt := range tests {
		if got := parseError(tt.in); *got != tt.want {
			t.Errorf("parseError(%q) = %+v, want %+v", tt.in, *got, tt.want)
		}
	}
}

func TestParams(t *testing.T) {
	params := map[string]string{"s": "it's \"quoted\"", "n": "41", "d": "2024-05-01 10:11:12.345"}
	got, err := testEngine.Query(context.Background(),
		"SELECT {s:String}, {n:UInt32} + 1, {d:DateTime64(3)}", "TSVRaw", WithParams(params))
	if err != nil {
		t.Fatal(err)
	}
	if want := "it's \"quoted\"\t42\t2024-05-01 10:11:12.345\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	var buf bytes.Buffer
	if err := testEngine.QueryTo(context.Background(), "SELECT {n:UInt8} * 2", "", &buf, WithParams(params)); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "82\n" {
		t.Errorf("streamed with params: %q", buf.String())
	}
}

func TestSettingsApplyToOneStatement(t *testing.T) {
	ctx := context.Background()
	before := mustQuery(t, "SELECT getSetting('max_block_size')", "")
	got, err := testEngine.Query(ctx, "SELECT getSetting('max_block_size')", "",
		WithSettings(map[string]string{"max_block_size": "1234"}))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "1234\n" {
		t.Errorf("within statement: %q", got)
	}
	if after := mustQuery(t, "SELECT getSetting('max_block_size')", ""); after != before {
		t.Errorf("after statement: %q, want %q", after, before)
	}
	// A connection-level value set by a SET statement is what comes back afterwards.
	mustExec(t, "SET max_block_size = 5555")
	defer mustExec(t, "SET max_block_size = DEFAULT")
	for range 2 {
		if _, err := testEngine.Query(ctx, "SELECT 1", "", WithSettings(map[string]string{"max_block_size": "1234"})); err != nil {
			t.Fatal(err)
		}
		if after := mustQuery(t, "SELECT getSetting('max_block_size')", ""); after != "5555\n" {
			t.Errorf("after SET and a statement with settings: %q, want 5555", after)
		}
	}
	_, err = testEngine.Query(ctx, "SELECT 1", "", WithSettings(map[string]string{"no_such_setting": "1"}))
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != 115 {
		t.Errorf("unknown setting: %v, want code 115", err)
	}
	_, err = testEngine.Query(ctx, "SELECT 1", "", WithSettings(map[string]string{"x = 1; DROP": "1"}))
	if !errors.As(err, &ce) || ce.Code != 115 {
		t.Errorf("bad setting name: %v, want code 115", err)
	}
}

func TestDatabaseApplyToOneStatement(t *testing.T) {
	mustExec(t, "CREATE DATABASE IF NOT EXISTS dbscope")
	got, err := testEngine.Query(context.Background(), "SELECT currentDatabase()", "", WithDatabase("dbscope"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "dbscope\n" {
		t.Errorf("within statement: %q", got)
	}
	if after := mustQuery(t, "SELECT currentDatabase()", ""); after == "dbscope\n" {
		t.Errorf("database leaked past the statement")
	}
}

func TestConcurrentQueries(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			for j := range 10 {
				out, err := testEngine.Query(context.Background(), fmt.Sprintf("SELECT %d + %d", i, j), "")
				if err != nil {
					errs <- err
					return
				}
				if want := fmt.Sprintf("%d\n", i+j); string(out) != want {
					errs <- fmt.Errorf("got %q, want %q", out, want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := testEngine.Query(ctx, "SELECT 1", ""); !errors.Is(err, context.Canceled) {
		t.Errorf("Query: %v, want context.Canceled", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	w := writerFunc(func(p []byte) (int, error) { cancel(); return len(p), nil })
	err := testEngine.QueryTo(ctx, "SELECT number FROM numbers(1000000)", "", w,
		WithSettings(map[string]string{"max_block_size": "1000"}))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("QueryTo: %v, want context.Canceled", err)
	}
	if got := mustQuery(t, "SELECT 7", ""); got != "7\n" {
		t.Errorf("after cancel: %q", got)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestWriterErrorCancelsStream(t *testing.T) {
	boom := errors.New("boom")
	w := writerFunc(func([]byte) (int, error) { return 0, boom })
	if err := testEngine.QueryTo(context.Background(), "SELECT number FROM numbers(1000000)", "", w); !errors.Is(err, boom) {
		t.Errorf("got %v, want %v", err, boom)
	}
	if got := mustQuery(t, "SELECT 8", ""); got != "8\n" {
		t.Errorf("after writer error: %q", got)
	}
}

var _ io.Writer = writerFunc(nil)

func TestQueryToRunsStatementsThatDoNotStream(t *testing.T) {
	tests := []string{
		"CREATE TABLE IF NOT EXISTS qto (id UInt32) ENGINE = MergeTree ORDER BY id",
		"INSERT INTO qto VALUES (1)",
		"ALTER TABLE qto ADD COLUMN IF NOT EXISTS s String",
		"SET max_threads = 2",
		"DROP TABLE qto",
	}
	for _, q := range tests {
		var buf bytes.Buffer
		if err := testEngine.QueryTo(context.Background(), q, "", &buf); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}

func TestReadonlySetting(t *testing.T) {
	mustExec(t, "CREATE TABLE IF NOT EXISTS ro_ins (id UInt32, s String) ENGINE = Memory")
	ro := WithSettings(map[string]string{"readonly": "1"})
	tests := []struct {
		query string
		code  int
	}{
		{"SELECT 1", 0},
		{"SHOW DATABASES", 0},
		{"CREATE TABLE ro_t (x UInt8) ENGINE = Memory", 164},
		{"DROP TABLE IF EXISTS ro_ins", 164},
		{"SELEC 1", 164},
	}
	for _, tt := range tests {
		_, err := testEngine.Query(context.Background(), tt.query, "", ro)
		var ce *Error
		switch {
		case tt.code == 0 && err != nil:
			t.Errorf("%s: %v", tt.query, err)
		case tt.code != 0 && (!errors.As(err, &ce) || ce.Code != tt.code):
			t.Errorf("%s: %v, want code %d", tt.query, err, tt.code)
		}
	}
	err := testEngine.Insert(context.Background(), "INSERT INTO ro_ins FORMAT CSV", strings.NewReader("9,z\n"), ro)
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != 164 {
		t.Errorf("readonly insert: %v, want code 164", err)
	}
	noDDL := WithSettings(map[string]string{"allow_ddl": "0"})
	if _, err := testEngine.Query(context.Background(), "CREATE TABLE ro_t (x UInt8) ENGINE = Memory", "", noDDL); !errors.As(err, &ce) || ce.Code != 392 {
		t.Errorf("allow_ddl=0 DDL: %v, want code 392", err)
	}
	if err := testEngine.Insert(context.Background(), "INSERT INTO ro_ins FORMAT CSV", strings.NewReader("9,z\n"), noDDL); err != nil {
		t.Errorf("allow_ddl=0 insert: %v", err)
	}
	// The connection itself never became read-only.
	mustExec(t, "CREATE TABLE IF NOT EXISTS ro_after (x UInt8) ENGINE = Memory")
}
