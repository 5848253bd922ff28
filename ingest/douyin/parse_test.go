package douyin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
)

const (
	fixtureItem    = "@8hxdhauTCMppanGnM4ltGM780mDqPP+KPpR0qQOmLVAXb/T060zdRmYqig357zEBq6CZRp4NVe6qLIJW/V/x1w=="
	fixtureComment = "@9VxS1/qCUc80K2etd8wkU83+NGQHpLBg9i85A0tqEUUyU0d0NLcMTyQz1oUAMwo="
)

func load(t testing.TB, name string, kind event.Kind) event.Raw {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return event.NewRaw(event.Douyin, kind, "fixture", time.Unix(0, 0), b)
}

func TestParse(t *testing.T) {
	tests := []struct {
		file    string
		kind    event.Kind
		wantErr string
		want    event.Mention
	}{
		{file: "video.json", kind: event.Post, want: event.Mention{
			ID: "douyin:" + fixtureItem, Kind: event.Post, NativeID: fixtureItem,
			CreatedAt: time.Unix(1571075129, 0).UTC(), Text: "开箱星耀X9 Pro，影像真的绝了📷 #星耀手机 #数码开箱",
			Author: event.Account{ID: "douyin:ba253642-0590-40bc-9bdf-9a1334b94059", NativeID: "ba253642-0590-40bc-9bdf-9a1334b94059",
				Nickname: "数码阿飞", UnionID: "1ad4e099-4a0c-47d1-a410-bffb4f2f64a4", AvatarURL: "https://example.com/x.jpeg"},
			ThreadID: "douyin:" + fixtureItem,
			URL:      "https://www.iesdouyin.com/share/video/QDlWd0EzdWVMU2Q0aU5tKzVaOElvVU03ODBtRHFQUCtLUHBSMHFRT21MVkFYYi9UMDYwemRSbVlxaWczNTd6RUJRcDRNQnhzUGxtSE5RcW1nOGRnPT0=/",
			Engage:   event.Engagement{Likes: 430, Comments: 12, Reposts: 28},
		}},
		{file: "comment_list_item.json", kind: event.Comment, want: event.Mention{
			ID: "douyin:" + fixtureComment, Kind: event.Comment, NativeID: fixtureComment,
			CreatedAt: time.Unix(1571075900, 0).UTC(), Text: "电池一天两充，太失望了😤",
			Author:   event.Account{ID: "douyin:5fbF5oQcKH", NativeID: "5fbF5oQcKH"},
			ThreadID: "douyin:" + fixtureItem, ParentID: "douyin:" + fixtureItem,
			URL:    "https://www.douyin.com/video/@8hxdhauTCMppanGnM4ltGM780mDqPP+KPpR0qQOmLVAXb%2FT060zdRmYqig357zEBq6CZRp4NVe6qLIJW%2FV%2Fx1w==",
			Engage: event.Engagement{Likes: 6, Comments: 2},
		}},
		{file: "comment_webhook.json", kind: event.Comment, want: event.Mention{
			ID: "douyin:@9VxS1/qCUc80K2etd8wkU83+NGQHpLBg9i85A0tqEUUyU0d0NLcMTyQz1oUAMwp=", Kind: event.Comment,
			NativeID:  "@9VxS1/qCUc80K2etd8wkU83+NGQHpLBg9i85A0tqEUUyU0d0NLcMTyQz1oUAMwp=",
			CreatedAt: time.Unix(1571076000, 0).UTC(), Text: "同意楼上，不过拍照确实不错[赞]",
			Author: event.Account{ID: "douyin:0da22181-d833-447f-995f-1beefea5bef3", NativeID: "0da22181-d833-447f-995f-1beefea5bef3",
				Nickname: "青柠不酸", UnionID: "2bd5e099-4a0c-47d1-a410-bffb4f2f64a5", AvatarURL: "https://example.com/a.jpeg"},
			ThreadID: "douyin:" + fixtureItem, ParentID: "douyin:" + fixtureComment,
			URL: "https://www.douyin.com/video/@8hxdhauTCMppanGnM4ltGM780mDqPP+KPpR0qQOmLVAXb%2FT060zdRmYqig357zEBq6CZRp4NVe6qLIJW%2FV%2Fx1w==",
		}},
		{file: "comment_user_ms.json", kind: event.Comment, want: event.Mention{
			ID: "douyin:7123", Kind: event.Comment, NativeID: "7123",
			CreatedAt: time.UnixMilli(1571076000123).UTC(), Text: "还行",
			Author:   event.Account{ID: "douyin:open-1", NativeID: "open-1", Nickname: "路人甲", UnionID: "union-1"},
			ThreadID: "douyin:7001", ParentID: "douyin:7001", URL: "https://www.douyin.com/video/7001",
			Engage: event.Engagement{Likes: 1},
		}},
		{file: "video_no_id.json", kind: event.Post, wantErr: "item_id is missing"},
		{file: "video_no_time.json", kind: event.Post, wantErr: "create_time"},
		{file: "video_no_title.json", kind: event.Post, wantErr: "title is missing"},
		{file: "video_no_author.json", kind: event.Post, wantErr: "author.open_id is missing"},
		{file: "comment_no_user.json", kind: event.Comment, wantErr: "comment_user_id"},
		{file: "comment_bad_time.json", kind: event.Comment, wantErr: "decoding douyin comment"},
		{file: "truncated.json", kind: event.Comment, wantErr: "decoding douyin comment"},
		{file: "video.json", kind: event.Repost, wantErr: `kind "repost"`},
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
			if err != nil || len(got) != 1 {
				t.Fatalf("Parse() = %d mentions, %v; want 1, nil", len(got), err)
			}
			w := tt.want
			w.Platform, w.Author.Platform = event.Douyin, event.Douyin
			if !equal(got[0], w) {
				t.Errorf("\n got %+v\nwant %+v", got[0], w)
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
		f.Add(b, uint8(1))
	}
	kinds := []event.Kind{event.Post, event.Comment}
	f.Fuzz(func(t *testing.T, payload []byte, k uint8) {
		raw := event.NewRaw(event.Douyin, kinds[int(k)%len(kinds)], "fuzz", time.Unix(0, 0), payload)
		ms, err := Parse(raw)
		if err != nil {
			return
		}
		for _, m := range ms {
			if m.NativeID == "" || m.Author.NativeID == "" || m.ID != event.ID(event.Douyin, m.NativeID) {
				t.Fatalf("mention without ids: %+v", m)
			}
			if m.CreatedAt.Location() != time.UTC || m.CreatedAt.IsZero() {
				t.Fatalf("created_at not set in UTC: %v", m.CreatedAt)
			}
		}
	})
}
