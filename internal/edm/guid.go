package edm

// IsGuid reports whether s is an Edm.Guid: 32 hexadecimal digits in groups
// of 8-4-4-4-12, either case, without braces, such as
// b33cbe9f-8ebe-4f2a-912b-7e2a427f477f.
func IsGuid(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

func isHex(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}
