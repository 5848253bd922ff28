package clickhouse_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chhttp"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

func TestConnConfigValidate(t *testing.T) {
	ok := clickhouse.ConnConfig{Addr: []string{"127.0.0.1:8123"}}
	tests := []struct {
		name   string
		mutate func(*clickhouse.ConnConfig)
		field  string // named in the error; "" means valid
	}{
		{"minimal", func(*clickhouse.ConnConfig) {}, ""},
		{"native with lz4", func(c *clickhouse.ConnConfig) { c.Protocol, c.Compression = "native", "lz4" }, ""},
		{"no addr", func(c *clickhouse.ConnConfig) { c.Addr = nil }, "addr"},
		{"empty addr", func(c *clickhouse.ConnConfig) { c.Addr = []string{"a:1", ""} }, "addr[1]"},
		{"unknown protocol", func(c *clickhouse.ConnConfig) { c.Protocol = "grpc" }, "protocol"},
		{"unknown compression", func(c *clickhouse.ConnConfig) { c.Compression = "snappy" }, "compression"},
		{"negative timeout", func(c *clickhouse.ConnConfig) { c.DialTimeout = -time.Second }, "dial_timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.mutate(&c)
			err := c.Validate()
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tt.field != "" && (err == nil || !strings.Contains(err.Error(), tt.field)):
				t.Errorf("Validate = %v, want an error naming %s", err, tt.field)
			}
		})
	}
}

func TestConnConfigRedactsPassword(t *testing.T) {
	c := clickhouse.ConnConfig{Addr: []string{"h:9000"}, Username: "u", Password: "s3cret"}
	for _, s := range []string{c.String(), fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprint(&c)} {
		if strings.Contains(s, "s3cret") {
			t.Errorf("formatted config leaks the password: %s", s)
		}
	}
}

func TestWriterConfigValidate(t *testing.T) {
	tests := []struct {
		name  string
		cfg   clickhouse.WriterConfig
		field string
	}{
		{"zero", clickhouse.WriterConfig{}, ""},
		{"no retries", clickhouse.WriterConfig{Retries: -1}, ""},
		{"negative max rows", clickhouse.WriterConfig{MaxRows: -1}, "max_rows"},
		{"negative backoff", clickhouse.WriterConfig{Backoff: -1}, "backoff"},
		{"negative max backoff", clickhouse.WriterConfig{MaxBackoff: -1}, "max_backoff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (tt.field == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.field)) {
				t.Errorf("Validate = %v, want error naming %q", err, tt.field)
			}
		})
	}
}

func TestDialEmbeddedCompressions(t *testing.T) {
	chtest.Migrated(t)
	for _, comp := range []string{"none", "gzip"} {
		t.Run(comp, func(t *testing.T) {
			ctx := context.Background()
			srv := httptest.NewServer(chhttp.NewHandler(chtest.Engine(t), nil))
			defer srv.Close()
			u, _ := url.Parse(srv.URL)
			conn, err := clickhouse.Dial(ctx, clickhouse.ConnConfig{Addr: []string{u.Host}, Compression: comp})
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			ms := mentions(t.Name(), 3, "brand-"+t.Name())
			if err := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil).WriteMentions(ctx, ms); err != nil {
				t.Fatal(err)
			}
			if n := queryUint64(t, conn, "SELECT count() FROM lingting.mentions WHERE has(brands, ?)", "brand-"+t.Name()); n != 3 {
				t.Errorf("%d rows stored, want 3", n)
			}
		})
	}
}
