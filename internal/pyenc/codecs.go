package pyenc

import (
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// A coding line names a Python codec, so names are looked up as Python
// does (codecs.lookup): the tokenizer's own spellings of UTF-8 and
// Latin-1, then the name normalized, then Python's alias table. The
// tables are switches, not maps or x/text's IANA and WHATWG indexes, so
// that nothing is built when djls starts: the indexes' package
// initialisation cost every run about 40 page faults (0.4 ms), for a
// coding line few settings files have.

// pythonCodec returns the Python codec a coding line's name stands for
// ("" when Python would not know it either).
func pythonCodec(name string) string {
	if n := tokenizerName(name); n != "" {
		return n
	}
	norm := normalize(strings.ToLower(name))
	if c := codecOf(norm); c != "" {
		return c
	}
	return codecOf(strings.ReplaceAll(norm, ".", "_"))
}

// tokenizerName is CPython's get_normal_name: "utf-8" and the Latin-1
// spellings, also with a suffix after a hyphen (Emacs' "utf-8-unix").
func tokenizerName(name string) string {
	n := strings.ReplaceAll(strings.ToLower(name), "_", "-")
	for _, c := range []struct{ prefix, codec string }{
		{"utf-8", "utf_8"}, {"latin-1", "latin_1"}, {"iso-8859-1", "latin_1"}, {"iso-latin-1", "latin_1"},
	} {
		if n == c.prefix || strings.HasPrefix(n, c.prefix+"-") {
			return c.codec
		}
	}
	return ""
}

// normalize is Python's encodings.normalize_encoding: each run of
// characters other than letters, digits and dots becomes one underscore
// between the words it separates.
func normalize(name string) string {
	var b strings.Builder
	punct := false
	for _, r := range name {
		if r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			if punct && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			punct = false
		} else {
			punct = true
		}
	}
	return b.String()
}

// codecOf maps a normalized name to its Python codec ("" when it is
// none of codecEncoding's): the aliases are Python 3.11's
// encodings.aliases, and a codec's own name stands for it.
func codecOf(name string) string {
	switch name {
	case "646", "ansi_x3.4_1968", "ansi_x3.4_1986", "ansi_x3_4_1968", "cp367", "csascii", "ibm367", "iso646_us", "iso_646.irv_1991", "iso_ir_6", "us", "us_ascii", "ascii":
		return "ascii"
	case "cp65001", "u8", "utf", "utf8", "utf8_ucs2", "utf8_ucs4", "utf_8":
		return "utf_8"
	case "8859", "cp819", "csisolatin1", "ibm819", "iso8859", "iso8859_1", "iso_8859_1", "iso_8859_1_1987", "iso_ir_100", "l1", "latin", "latin1", "latin_1":
		return "latin_1"
	case "csisolatin2", "iso_8859_2", "iso_8859_2_1987", "iso_ir_101", "l2", "latin2", "iso8859_2":
		return "iso8859_2"
	case "csisolatin3", "iso_8859_3", "iso_8859_3_1988", "iso_ir_109", "l3", "latin3", "iso8859_3":
		return "iso8859_3"
	case "csisolatin4", "iso_8859_4", "iso_8859_4_1988", "iso_ir_110", "l4", "latin4", "iso8859_4":
		return "iso8859_4"
	case "csisolatincyrillic", "cyrillic", "iso_8859_5", "iso_8859_5_1988", "iso_ir_144", "iso8859_5":
		return "iso8859_5"
	case "arabic", "asmo_708", "csisolatinarabic", "ecma_114", "iso_8859_6", "iso_8859_6_1987", "iso_ir_127", "iso8859_6":
		return "iso8859_6"
	case "csisolatingreek", "ecma_118", "elot_928", "greek", "greek8", "iso_8859_7", "iso_8859_7_1987", "iso_ir_126", "iso8859_7":
		return "iso8859_7"
	case "csisolatinhebrew", "hebrew", "iso_8859_8", "iso_8859_8_1988", "iso_ir_138", "iso8859_8":
		return "iso8859_8"
	case "csisolatin5", "iso_8859_9", "iso_8859_9_1989", "iso_ir_148", "l5", "latin5", "iso8859_9":
		return "iso8859_9"
	case "csisolatin6", "iso_8859_10", "iso_8859_10_1992", "iso_ir_157", "l6", "latin6", "iso8859_10":
		return "iso8859_10"
	case "iso_8859_13", "l7", "latin7", "iso8859_13":
		return "iso8859_13"
	case "iso_8859_14", "iso_8859_14_1998", "iso_celtic", "iso_ir_199", "l8", "latin8", "iso8859_14":
		return "iso8859_14"
	case "iso_8859_15", "l9", "latin9", "iso8859_15":
		return "iso8859_15"
	case "iso_8859_16", "iso_8859_16_2001", "iso_ir_226", "l10", "latin10", "iso8859_16":
		return "iso8859_16"
	case "iso_8859_11", "iso_8859_11_2001", "thai", "iso8859_11":
		return "iso8859_11"
	case "iso_ir_166", "tis620", "tis_620_0", "tis_620_2529_0", "tis_620_2529_1", "tis_620":
		return "tis_620"
	case "cp874":
		return "cp874"
	case "037", "csibm037", "ebcdic_cp_ca", "ebcdic_cp_nl", "ebcdic_cp_us", "ebcdic_cp_wt", "ibm037", "ibm039", "cp037":
		return "cp037"
	case "1140", "ibm1140", "cp1140":
		return "cp1140"
	case "437", "cspc8codepage437", "ibm437", "cp437":
		return "cp437"
	case "850", "cspc850multilingual", "ibm850", "cp850":
		return "cp850"
	case "852", "cspcp852", "ibm852", "cp852":
		return "cp852"
	case "855", "csibm855", "ibm855", "cp855":
		return "cp855"
	case "858", "csibm858", "ibm858", "cp858":
		return "cp858"
	case "860", "csibm860", "ibm860", "cp860":
		return "cp860"
	case "862", "cspc862latinhebrew", "ibm862", "cp862":
		return "cp862"
	case "863", "csibm863", "ibm863", "cp863":
		return "cp863"
	case "865", "csibm865", "ibm865", "cp865":
		return "cp865"
	case "866", "csibm866", "ibm866", "cp866":
		return "cp866"
	case "1250", "windows_1250", "cp1250":
		return "cp1250"
	case "1251", "windows_1251", "cp1251":
		return "cp1251"
	case "1252", "windows_1252", "cp1252":
		return "cp1252"
	case "1253", "windows_1253", "cp1253":
		return "cp1253"
	case "1254", "windows_1254", "cp1254":
		return "cp1254"
	case "1255", "windows_1255", "cp1255":
		return "cp1255"
	case "1256", "windows_1256", "cp1256":
		return "cp1256"
	case "1257", "windows_1257", "cp1257":
		return "cp1257"
	case "1258", "windows_1258", "cp1258":
		return "cp1258"
	case "cskoi8r", "koi8_r":
		return "koi8_r"
	case "koi8_u":
		return "koi8_u"
	case "macintosh", "macroman", "mac_roman":
		return "mac_roman"
	case "maccyrillic", "mac_cyrillic":
		return "mac_cyrillic"
	case "csshiftjis", "s_jis", "shiftjis", "sjis", "x_mac_japanese", "shift_jis":
		return "shift_jis"
	case "932", "ms932", "ms_kanji", "mskanji", "cp932":
		return "cp932"
	case "eucjp", "u_jis", "ujis", "euc_jp":
		return "euc_jp"
	case "csiso2022jp", "iso2022jp", "iso_2022_jp", "iso2022_jp":
		return "iso2022_jp"
	case "euckr", "korean", "ks_c_5601", "ks_c_5601_1987", "ks_x_1001", "ksc5601", "ksx1001", "x_mac_korean", "euc_kr":
		return "euc_kr"
	case "949", "ms949", "uhc", "cp949":
		return "cp949"
	case "chinese", "csiso58gb231280", "euc_cn", "euccn", "eucgb2312_cn", "gb2312_1980", "gb2312_80", "iso_ir_58", "x_mac_simp_chinese", "gb2312":
		return "gb2312"
	case "936", "cp936", "ms936", "gbk":
		return "gbk"
	case "gb18030_2000", "gb18030":
		return "gb18030"
	case "hz_gb", "hz_gb_2312", "hzgb", "hz":
		return "hz"
	case "big5_tw", "csbig5", "x_mac_trad_chinese", "big5":
		return "big5"
	case "big5_hkscs", "hkscs", "big5hkscs":
		return "big5hkscs"
	case "950", "ms950", "cp950":
		return "cp950"
	}
	return ""
}

// codecEncoding returns the decoder of a Python codec; utf8Compatible
// when the text is read as it is (UTF-8, and ASCII, whose text is UTF-8).
// Python's ISO-8859-11, TIS-620 and cp874 are read as Windows-874, their
// superset; gb2312 as GBK and big5hkscs and cp950 as WHATWG's Big5, theirs.
func codecEncoding(codec string) (enc encoding.Encoding, utf8Compatible bool) {
	switch codec {
	case "ascii", "utf_8":
		return nil, true
	case "latin_1":
		return charmap.ISO8859_1, false
	case "iso8859_2":
		return charmap.ISO8859_2, false
	case "iso8859_3":
		return charmap.ISO8859_3, false
	case "iso8859_4":
		return charmap.ISO8859_4, false
	case "iso8859_5":
		return charmap.ISO8859_5, false
	case "iso8859_6":
		return charmap.ISO8859_6, false
	case "iso8859_7":
		return charmap.ISO8859_7, false
	case "iso8859_8":
		return charmap.ISO8859_8, false
	case "iso8859_9":
		return charmap.ISO8859_9, false
	case "iso8859_10":
		return charmap.ISO8859_10, false
	case "iso8859_13":
		return charmap.ISO8859_13, false
	case "iso8859_14":
		return charmap.ISO8859_14, false
	case "iso8859_15":
		return charmap.ISO8859_15, false
	case "iso8859_16":
		return charmap.ISO8859_16, false
	case "iso8859_11", "tis_620", "cp874":
		return charmap.Windows874, false
	case "cp037":
		return charmap.CodePage037, false
	case "cp1140":
		return charmap.CodePage1140, false
	case "cp437":
		return charmap.CodePage437, false
	case "cp850":
		return charmap.CodePage850, false
	case "cp852":
		return charmap.CodePage852, false
	case "cp855":
		return charmap.CodePage855, false
	case "cp858":
		return charmap.CodePage858, false
	case "cp860":
		return charmap.CodePage860, false
	case "cp862":
		return charmap.CodePage862, false
	case "cp863":
		return charmap.CodePage863, false
	case "cp865":
		return charmap.CodePage865, false
	case "cp866":
		return charmap.CodePage866, false
	case "cp1250":
		return charmap.Windows1250, false
	case "cp1251":
		return charmap.Windows1251, false
	case "cp1252":
		return charmap.Windows1252, false
	case "cp1253":
		return charmap.Windows1253, false
	case "cp1254":
		return charmap.Windows1254, false
	case "cp1255":
		return charmap.Windows1255, false
	case "cp1256":
		return charmap.Windows1256, false
	case "cp1257":
		return charmap.Windows1257, false
	case "cp1258":
		return charmap.Windows1258, false
	case "koi8_r":
		return charmap.KOI8R, false
	case "koi8_u":
		return charmap.KOI8U, false
	case "mac_roman":
		return charmap.Macintosh, false
	case "mac_cyrillic":
		return charmap.MacintoshCyrillic, false
	case "shift_jis", "cp932":
		return japanese.ShiftJIS, false
	case "euc_jp":
		return japanese.EUCJP, false
	case "iso2022_jp":
		return japanese.ISO2022JP, false
	case "euc_kr", "cp949":
		return korean.EUCKR, false
	case "gb2312", "gbk":
		return simplifiedchinese.GBK, false
	case "gb18030":
		return simplifiedchinese.GB18030, false
	case "hz":
		return simplifiedchinese.HZGB2312, false
	case "big5", "big5hkscs", "cp950":
		return traditionalchinese.Big5, false
	}
	return nil, false
}
