package simulate

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// Native ids encode where an item comes from, so Label can regenerate it instead of
// remembering it. A number n is one of:
//
//	regularBase + batch<<12 | seq          an ordinary mention, seq-th of its batch
//	hotBase + (hour<<4 | brand)<<1 | plat  a brand's hot post of one hour (plat 0 Weibo, 1 Douyin)
//	crisisBase + crisis<<1 | plat          a crisis's root post
//
// Weibo writes n in decimal, Douyin as "@" and base64, WeCom staff messages as base64 and
// customer messages as "<n>_<unix seconds>_external".
const (
	regularBase uint64 = 4_000_000_000_000_000
	hotBase     uint64 = 4_900_000_000_000_000
	crisisBase  uint64 = 4_990_000_000_000_000
)

type idClass int

const (
	classRegular idClass = iota
	classHot
	classCrisis
)

func regularNum(batch int64, seq int) uint64 { return regularBase + uint64(batch)<<12 | uint64(seq) }

func hotNum(hour int64, brand, plat int) uint64 {
	return hotBase + (uint64(hour)<<4|uint64(brand))<<1 | uint64(plat)
}

func crisisNum(crisis, plat int) uint64 { return crisisBase + uint64(crisis)<<1 | uint64(plat) }

// classify splits n into its class and fields: (batch, seq), (hour, brand<<1|plat) or
// (crisis, plat).
func classify(n uint64) (idClass, int64, int) {
	switch {
	case n >= crisisBase:
		d := n - crisisBase
		return classCrisis, int64(d >> 1), int(d & 1)
	case n >= hotBase:
		d := n - hotBase
		return classHot, int64(d >> 5), int(d & 31)
	}
	d := n - regularBase
	return classRegular, int64(d >> 12), int(d & 4095)
}

func numBytes(n uint64) []byte {
	var b [12]byte
	binary.BigEndian.PutUint64(b[:8], n)
	binary.BigEndian.PutUint32(b[8:], uint32(mix64(n)))
	return b[:]
}

func douyinID(n uint64) string { return "@" + base64.StdEncoding.EncodeToString(numBytes(n)) }

func wecomMsgID(n uint64, customer bool, unix int64) string {
	if customer {
		return fmt.Sprintf("%d_%d_external", n, unix)
	}
	return base64.StdEncoding.EncodeToString(numBytes(n))
}

// decodeNative recovers n from a native id this package generated.
func decodeNative(native string) (uint64, bool) {
	if n, err := strconv.ParseUint(native, 10, 64); err == nil {
		return n, n >= regularBase
	}
	if i := strings.IndexByte(native, '_'); i > 0 && strings.HasSuffix(native, "_external") {
		n, err := strconv.ParseUint(native[:i], 10, 64)
		return n, err == nil && n >= regularBase
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(native, "@"))
	if err != nil || len(b) != 12 {
		return 0, false
	}
	n := binary.BigEndian.Uint64(b[:8])
	return n, n >= regularBase && uint32(mix64(n)) == binary.BigEndian.Uint32(b[8:])
}

// eventNativeID matches wecom.EventNativeID (the tests hold them equal).
func eventNativeID(changeType, userID, externalUserID string, createTime int64) string {
	return changeType + ":" + userID + ":" + externalUserID + ":" + strconv.FormatInt(createTime, 10)
}
