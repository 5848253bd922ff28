package wecom

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
)

const customer = "wmErxtDgAA9AW32YyyuYRimKr7D1KWlw"

func load(t testing.TB, name string, kind event.Kind) event.Raw {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return event.NewRaw(event.WeCom, kind, "fixture", time.Unix(0, 0), b)
}

func acct(id string) event.Account {
	return event.Account{ID: "wecom:" + id, Platform: event.WeCom, NativeID: id}
}

func TestParse(t *testing.T) {
	tests := []struct {
		file    string
		kind    event.Kind
		wantErr string
		want    []event.Mention // nil with no error: expect an empty slice
	}{
		{file: "text.json", kind: event.Chat, want: []event.Mention{{
			ID: "wecom:CAQQluDa4QUY0On2rYSAgAMgzPrShAE=", Kind: event.Chat, NativeID: "CAQQluDa4QUY0On2rYSAgAMgzPrShAE=",
			CreatedAt: time.UnixMilli(1547087894783).UTC(), Text: "您好，您的订单已经发货了，预计明天送达。",
			Author: acct("XuJinSheng"), ThreadID: "wecom:single:XuJinSheng:" + customer,
		}}},
		{file: "text_external.json", kind: event.Chat, want: []event.Mention{{
			ID: "wecom:16527954622422422847_1594199256_external", Kind: event.Chat, NativeID: "16527954622422422847_1594199256_external",
			CreatedAt: time.UnixMilli(1594199235014).UTC(), Text: "奶茶里喝出异物了，怎么处理？😡",
			Author: acct(customer), ThreadID: "wecom:single:XuJinSheng:" + customer,
		}}},
		{file: "image_room.json", kind: event.Chat, want: []event.Mention{{
			ID: "wecom:CAQQvPnc4QUY0On2rYSAgAMgooLa0Q8=", Kind: event.Chat, NativeID: "CAQQvPnc4QUY0On2rYSAgAMgooLa0Q8=",
			CreatedAt: time.UnixMilli(1547088051000).UTC(), Text: "[图片]",
			Author: acct("woJ2GCAAAXtWyujaWJHDDGi0mACHAAA"), ThreadID: "wecom:wrjc7bDwYAAAAUDp0TRAKFqr9GG9PqbA",
		}}},
		{file: "file.json", kind: event.Chat, want: []event.Mention{{
			ID: "wecom:18039699423706571225_1603875608", Kind: event.Chat, NativeID: "18039699423706571225_1603875608",
			CreatedAt: time.UnixMilli(1603875610000).UTC(), Text: "[文件] 维修报价单.pdf",
			Author: acct("ZhangSan"), ThreadID: "wecom:single:ZhangSan:" + customer,
		}}},
		{file: "revoke.json", kind: event.Chat, want: []event.Mention{{
			ID: "wecom:15317416337183939713_1603875611", Kind: event.Chat, NativeID: "15317416337183939713_1603875611",
			CreatedAt: time.UnixMilli(1603875611148).UTC(), Text: "[撤回消息]",
			Author: acct("ZhangSan"), ThreadID: "wecom:single:ZhangSan:" + customer,
			ParentID: "wecom:18039699423706571225_1603875608", EventType: EventRevoke,
		}}},
		{file: "switch.json", kind: event.Chat},
		{file: "add_external_contact.json", kind: event.CustomerEvent, want: []event.Mention{{
			ID:       "wecom:add_external_contact:ZhangSan:woAJ2GCAAAXtWyujaWJHDDGi0mACH71w:1403610513",
			NativeID: "add_external_contact:ZhangSan:woAJ2GCAAAXtWyujaWJHDDGi0mACH71w:1403610513",
			Kind:     event.CustomerEvent, CreatedAt: time.Unix(1403610513, 0).UTC(), Text: "[添加企业客户]",
			Author: event.Account{ID: "wecom:woAJ2GCAAAXtWyujaWJHDDGi0mACH71w", Platform: event.WeCom,
				NativeID: "woAJ2GCAAAXtWyujaWJHDDGi0mACH71w", Nickname: "李四", UnionID: "ozynqsulJFCZ2z1aYeS8h-nuasdAAA",
				AvatarURL: "http://p.qlogo.cn/bizmail/IcsdgagqefergqerhewSdage/0", Gender: "m"},
			ThreadID: "wecom:single:ZhangSan:woAJ2GCAAAXtWyujaWJHDDGi0mACH71w", EventType: "add_external_contact",
		}}},
		{file: "del_follow_user.json", kind: event.CustomerEvent, want: []event.Mention{{
			ID:       "wecom:del_follow_user:ZhangSan:woAJ2GCAAAXtWyujaWJHDDGi0mACH71w:1403610600",
			NativeID: "del_follow_user:ZhangSan:woAJ2GCAAAXtWyujaWJHDDGi0mACH71w:1403610600",
			Kind:     event.CustomerEvent, CreatedAt: time.Unix(1403610600, 0).UTC(), Text: "[客户删除跟进成员]",
			Author:   acct("woAJ2GCAAAXtWyujaWJHDDGi0mACH71w"),
			ThreadID: "wecom:single:ZhangSan:woAJ2GCAAAXtWyujaWJHDDGi0mACH71w", EventType: "del_follow_user",
		}}},
		{file: "no_msgid.json", kind: event.Chat, wantErr: "msgid is missing"},
		{file: "no_content.json", kind: event.Chat, wantErr: "text.content is missing"},
		{file: "no_msgtime.json", kind: event.Chat, wantErr: "msgtime"},
		{file: "no_from.json", kind: event.Chat, wantErr: "from is missing"},
		{file: "bad_time.json", kind: event.Chat, wantErr: "decoding wecom chat message"},
		{file: "event_no_external.json", kind: event.CustomerEvent, wantErr: "ExternalUserID is missing"},
		{file: "event_wrong.json", kind: event.CustomerEvent, wantErr: "ChatId is missing"},
		{file: "event_unknown.json", kind: event.CustomerEvent, wantErr: `Event "change_contact"`},
		{file: "text.json", kind: event.Post, wantErr: `kind "post"`},
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
			if err != nil || got == nil || len(got) != len(tt.want) {
				t.Fatalf("Parse() = %v, %v; want %d mentions and no error", got, err, len(tt.want))
			}
			for i, w := range tt.want {
				w.Platform = event.WeCom
				if !equal(got[i], w) {
					t.Errorf("mention %d:\n got %+v\nwant %+v", i, got[i], w)
				}
			}
		})
	}
}

func TestIsCustomer(t *testing.T) {
	tests := []struct {
		from, msgID string
		want        bool
	}{
		{"wmErxtDgAA", "x", true},
		{"woAJ2GCAAA", "x", true},
		{"ZhangSan", "1_2_external", true},
		{"ZhangSan", "CAQQluDa4QUY", false},
	}
	for _, tt := range tests {
		if got := IsCustomer(tt.from, tt.msgID); got != tt.want {
			t.Errorf("IsCustomer(%q, %q) = %v, want %v", tt.from, tt.msgID, got, tt.want)
		}
	}
}

func equal(a, b event.Mention) bool {
	return a.ID == b.ID && a.Platform == b.Platform && a.Kind == b.Kind && a.NativeID == b.NativeID &&
		a.CreatedAt.Equal(b.CreatedAt) && a.CreatedAt.Location() == time.UTC && a.Text == b.Text &&
		a.Author == b.Author && a.ThreadID == b.ThreadID && a.ParentID == b.ParentID &&
		a.URL == b.URL && a.Engage == b.Engage && a.EventType == b.EventType
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
	kinds := []event.Kind{event.Chat, event.CustomerEvent}
	f.Fuzz(func(t *testing.T, payload []byte, k uint8) {
		raw := event.NewRaw(event.WeCom, kinds[int(k)%len(kinds)], "fuzz", time.Unix(0, 0), payload)
		ms, err := Parse(raw)
		if err != nil {
			return
		}
		for _, m := range ms {
			if m.NativeID == "" || m.Author.NativeID == "" || m.ID != event.ID(event.WeCom, m.NativeID) {
				t.Fatalf("mention without ids: %+v", m)
			}
			if m.CreatedAt.Location() != time.UTC {
				t.Fatalf("created_at not UTC: %v", m.CreatedAt)
			}
		}
	})
}
