package wecom

import (
	"strings"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	cb := &CallbackConfig{Listen: ":8082", SpoolDir: "/var/lib/lingting/wecom"}
	ar := &ArchiveConfig{LibraryPath: "/opt/sdk/libWeWorkFinanceSdk_C.so", PrivateKeys: []PrivateKeyConfig{{Version: 1, File: "k.pem"}}}
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{name: "nothing", cfg: Config{CorpID: "ww1"}, wantErr: "at least one"},
		{name: "callback", cfg: Config{CorpID: "ww1", Callback: cb}},
		{name: "no corp", cfg: Config{Callback: cb}, wantErr: "corp_id"},
		{name: "callback no spool", cfg: Config{CorpID: "ww1", Callback: &CallbackConfig{Listen: ":1"}}, wantErr: "callback.spool_dir"},
		{name: "archive", cfg: Config{CorpID: "ww1", Archive: ar}},
		{name: "archive limit", cfg: Config{CorpID: "ww1", Archive: &ArchiveConfig{LibraryPath: "x", Limit: 5000, PrivateKeys: ar.PrivateKeys}}, wantErr: "archive.limit"},
		{name: "archive keys", cfg: Config{CorpID: "ww1", Archive: &ArchiveConfig{LibraryPath: "x"}}, wantErr: "archive.private_keys"},
		{name: "archive duplicate version", cfg: Config{CorpID: "ww1", Archive: &ArchiveConfig{LibraryPath: "x",
			PrivateKeys: []PrivateKeyConfig{{Version: 1, File: "a"}, {Version: 1, File: "b"}}}}, wantErr: "private_keys[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Validate() = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestReadSecret(t *testing.T) {
	t.Setenv("LINGTING_TEST_SECRET", "s3cret")
	if s, err := ReadSecret("token", "", "LINGTING_TEST_SECRET", true); s != "s3cret" || err != nil {
		t.Fatalf("ReadSecret = %q, %v", s, err)
	}
	if s, err := ReadSecret("token", "", "LINGTING_TEST_NONE", false); s != "" || err != nil {
		t.Fatalf("optional secret = %q, %v", s, err)
	}
	if _, err := ReadSecret("token", "", "LINGTING_TEST_NONE", true); err == nil || !strings.Contains(err.Error(), "LINGTING_TEST_NONE") {
		t.Fatalf("missing secret error %v", err)
	}
}
