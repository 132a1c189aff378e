package diagnose

import (
	"testing"
	"time"
)

func TestSignedCookieTimes(t *testing.T) {
	cases := []struct {
		name, header string
		want         int64 // 0: no signing time read
	}{
		{"tornado v2", "user=2|1:0|10:1796591854|4:user|8:YWxpY2U=|99e2079e", 1796591854},
		{"tornado v1", "user=YWxpY2U=|1796591854|7f3a9c", 1796591854},
		{"itsdangerous", "session=eyJfdXNlcl9pZCI6ImFsaWNlIn0.Z0AAAA.bm90LXRoZS1yaWdodA", 0x67400000},
		{"itsdangerous compressed", "session=.eJyrVkosLcmIL8nPTs1TslJKTMnNzFPSUUrOz0vLTAcAb1wJvw.Z0AAAA.c2ln", 0x67400000},
		{"a JWT is not a signed cookie", "token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl", 0},
		{"express cookie-signature carries no time", "connect.sid=s%3Aabc.def", 0},
		{"garbage", "a=2|x|y|z|w|v; b=|||", 0},
		{"not a cookie header", "\x00;;=", 0},
	}
	for _, c := range cases {
		got := readSignedCookies(c.header)
		switch {
		case c.want == 0 && len(got) > 0:
			t.Errorf("%s: read %v", c.name, got)
		case c.want != 0 && (len(got) != 1 || !got[0].at.Equal(time.Unix(c.want, 0))):
			t.Errorf("%s: got %v, want %d", c.name, got, c.want)
		}
	}
}
