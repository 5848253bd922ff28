package weibo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
)

func load(t testing.TB, name string, kind event.Kind) event.Raw {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return event.NewRaw(event.Weibo, kind, "fixture", time.Unix(0, 0), b)
}

func TestParse(t *testing.T) {
	tests := []struct {
		file    string
		kind    event.Kind
		wantErr string // substring; empty means success
		want    []event.Mention
	}{
		{file: "status.json", kind: event.Post, want: []event.Mention{{
			ID: "weibo:4890123456789012", Kind: event.Post, NativeID: "4890123456789012",
			CreatedAt: time.Date(2011, 5, 31, 9, 46, 55, 0, time.UTC),
			Author: event.Account{ID: "weibo:1404376560", NativeID: "1404376560", Nickname: "小鹿爱喝茶", Followers: 1204,
				AvatarURL: "http://tp1.sinaimg.cn/1404376560/180/0/1", Location: "北京 朝阳区", Gender: "f"},
			ThreadID: "weibo:4890123456789012", URL: "https://weibo.com/1404376560/4890123456789012",
			Engage: event.Engagement{Likes: 12, Comments: 9, Reposts: 8},
		}}},
		{file: "repost.json", kind: event.Repost, want: []event.Mention{{
			ID: "weibo:4890123456789999", Kind: event.Repost, NativeID: "4890123456789999",
			CreatedAt: time.Date(2011, 6, 1, 1, 15, 0, 0, time.UTC),
			Text:      "说得太对了//@吃货老王:同感，排队半小时[怒]",
			Author:    event.Account{ID: "weibo:2001002003", NativeID: "2001002003", Nickname: "阿杰Jay", Followers: 56},
			ThreadID:  "weibo:4890123456789012", ParentID: "weibo:4890123456789012",
			URL:    "https://weibo.com/2001002003/4890123456789999",
			Engage: event.Engagement{Likes: 3, Comments: 1},
		}, {
			ID: "weibo:4890123456789012", Kind: event.Post, NativeID: "4890123456789012",
			CreatedAt: time.Date(2011, 5, 31, 9, 46, 55, 0, time.UTC),
			Author:    event.Account{ID: "weibo:1404376560", NativeID: "1404376560", Nickname: "小鹿爱喝茶", Followers: 1204},
			ThreadID:  "weibo:4890123456789012", URL: "https://weibo.com/1404376560/4890123456789012",
			Engage: event.Engagement{Likes: 12, Comments: 9, Reposts: 8},
		}}},
		{file: "repost_deleted.json", kind: event.Repost, want: []event.Mention{{
			ID: "weibo:4890123456780001", Kind: event.Repost, NativeID: "4890123456780001",
			CreatedAt: time.Date(2011, 6, 1, 1, 15, 0, 0, time.UTC), Text: "转发微博",
			Author:   event.Account{ID: "weibo:2001002003", NativeID: "2001002003", Nickname: "阿杰Jay", Followers: 56},
			ThreadID: "weibo:4890123456700000", ParentID: "weibo:4890123456700000",
			URL: "https://weibo.com/2001002003/4890123456780001",
		}}},
		{file: "comment.json", kind: event.Comment, want: []event.Mention{{
			ID: "weibo:12438492184", Kind: event.Comment, NativeID: "12438492184",
			CreatedAt: time.Date(2011, 5, 31, 16, 50, 25, 0, time.UTC), Text: "包装漏了，客服也不回复[泪]",
			Author:   event.Account{ID: "weibo:1404376560", NativeID: "1404376560", Nickname: "小鹿爱喝茶", Followers: 1204},
			ThreadID: "weibo:4890123456789012", ParentID: "weibo:4890123456789012",
			URL: "https://weibo.com/1404376560/4890123456789012",
		}}},
		{file: "comment_reply.json", kind: event.Comment, want: []event.Mention{{
			ID: "weibo:12438492999", Kind: event.Comment, NativeID: "12438492999",
			CreatedAt: time.Date(2011, 5, 31, 17, 5, 0, 0, time.UTC), Text: "回复@小鹿爱喝茶:我也是，等了一周",
			Author:   event.Account{ID: "weibo:3003003003", NativeID: "3003003003", Nickname: "青柠不酸", Followers: 10, Verified: true},
			ThreadID: "weibo:4890123456789012", ParentID: "weibo:12438492184",
			URL: "https://weibo.com/1404376560/4890123456789012",
		}}},
		{file: "numeric_id.json", kind: event.Post, want: []event.Mention{{
			ID: "weibo:5000000000000001", Kind: event.Post, NativeID: "5000000000000001",
			CreatedAt: time.Date(2026, 1, 4, 4, 59, 59, 0, time.UTC), Text: "一般般吧",
			Author:   event.Account{ID: "weibo:77", NativeID: "77", Nickname: "数字用户"},
			ThreadID: "weibo:5000000000000001", URL: "https://weibo.com/77/5000000000000001",
		}}},
		{file: "bad_time.json", kind: event.Post, wantErr: "created_at"},
		{file: "no_id.json", kind: event.Post, wantErr: "idstr and id are missing"},
		{file: "no_user.json", kind: event.Post, wantErr: "user is missing"},
		{file: "no_text.json", kind: event.Post, wantErr: "text is missing"},
		{file: "truncated.json", kind: event.Post, wantErr: "decoding weibo status"},
		{file: "status.json", kind: event.Chat, wantErr: "kind \"chat\""},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+string(tt.kind), func(t *testing.T) {
			got, err := Parse(load(t, tt.file, tt.kind))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Parse() returned %d mentions, want %d", len(got), len(tt.want))
			}
			for i, w := range tt.want {
				w.Platform, w.Author.Platform = event.Weibo, event.Weibo
				if w.Text == "" {
					w.Text = got[i].Text // long texts are checked by the repost and comment cases
				}
				if !equal(got[i], w) {
					t.Errorf("mention %d:\n got %+v\nwant %+v", i, got[i], w)
				}
			}
		})
	}
}

func equal(a, b event.Mention) bool {
	return a.ID == b.ID && a.Platform == b.Platform && a.Kind == b.Kind && a.NativeID == b.NativeID &&
		a.CreatedAt.Equal(b.CreatedAt) && a.CreatedAt.Location() == time.UTC && a.Text == b.Text &&
		a.Author == b.Author && a.ThreadID == b.ThreadID && a.ParentID == b.ParentID &&
		a.URL == b.URL && a.Engage == b.Engage
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		f.Add(b, uint8(2))
	}
	kinds := []event.Kind{event.Post, event.Repost, event.Comment}
	f.Fuzz(func(t *testing.T, payload []byte, k uint8) {
		raw := event.NewRaw(event.Weibo, kinds[int(k)%len(kinds)], "fuzz", time.Unix(0, 0), payload)
		ms, err := Parse(raw)
		if err != nil {
			return
		}
		for _, m := range ms {
			if m.NativeID == "" || m.Author.NativeID == "" || m.ID != event.ID(event.Weibo, m.NativeID) {
				t.Fatalf("mention without ids: %+v", m)
			}
			if m.CreatedAt.Location() != time.UTC {
				t.Fatalf("created_at not UTC: %v", m.CreatedAt)
			}
		}
	})
}
