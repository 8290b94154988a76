package mapping

import (
	"github.com/kqlhunt/kqlhunt/value"
)

// getter computes one column of one row from an event.
type getter func(c *evctx) value.Value

func lit(s string) getter       { return func(*evctx) value.Value { return value.NewString(s) } }
func field(name string) getter  { return func(c *evctx) value.Value { return c.str(name) } }
func number(name string) getter { return func(c *evctx) value.Value { return c.num(name) } }
func base(name string) getter {
	return func(c *evctx) value.Value { return value.NewString(basename(c.get(name))) }
}

func userPart(name string, domain bool) getter {
	return func(c *evctx) value.Value {
		d, n := splitUser(c.get(name))
		if domain {
			return value.NewString(d)
		}
		return value.NewString(n)
	}
}

func hash(pick func(c *evctx) string) getter {
	return func(c *evctx) value.Value {
		c.hashes()
		return value.NewString(pick(c))
	}
}

func utcTime(c *evctx) value.Value  { return c.utcTime() }
func created(c *evctx) value.Value  { return c.created() }
func computer(c *evctx) value.Value { return value.NewString(c.ev.Computer) }

// sysmonExtras are Sysmon fields DeviceProcessEvents has no column for;
// they are kept in AdditionalFields.
var sysmonExtras = []string{
	"ProcessGuid", "ParentProcessGuid", "CurrentDirectory", "FileVersion",
	"LogonGuid", "TerminalSessionId", "RuleName",
}

func sysmonAdditional(c *evctx) value.Value {
	bag := &value.Bag{}
	for _, name := range sysmonExtras {
		if v, ok := c.ev.Get(name); ok && v != "" && v != "-" {
			bag.Set(name, value.NewString(v))
		}
	}
	c.hashes()
	if c.imphash != "" {
		bag.Set("Imphash", value.NewString(c.imphash))
	}
	return value.NewBag(bag)
}

// sysmonProcess maps Sysmon event 1 (process creation) to
// DeviceProcessEvents.
var sysmonProcess = map[string]getter{
	"Timestamp":                          utcTime,
	"ProcessCreationTime":                utcTime,
	"DeviceName":                         computer,
	"ActionType":                         lit("ProcessCreated"),
	"FileName":                           base("Image"),
	"FolderPath":                         field("Image"),
	"SHA1":                               hash(func(c *evctx) string { return c.sha1 }),
	"MD5":                                hash(func(c *evctx) string { return c.md5 }),
	"SHA256":                             hash(func(c *evctx) string { return c.sha256 }),
	"ProcessVersionInfoCompanyName":      field("Company"),
	"ProcessVersionInfoProductName":      field("Product"),
	"ProcessVersionInfoFileDescription":  field("Description"),
	"ProcessVersionInfoOriginalFileName": field("OriginalFileName"),
	"ProcessId":                          number("ProcessId"),
	"ProcessCommandLine":                 field("CommandLine"),
	"ProcessIntegrityLevel":              field("IntegrityLevel"),
	"AccountDomain":                      userPart("User", true),
	"AccountName":                        userPart("User", false),
	"LogonId":                            number("LogonId"),
	"CreatedProcessSessionId":            number("TerminalSessionId"),
	"InitiatingProcessFileName":          base("ParentImage"),
	"InitiatingProcessFolderPath":        field("ParentImage"),
	"InitiatingProcessId":                number("ParentProcessId"),
	"InitiatingProcessCommandLine":       field("ParentCommandLine"),
	"InitiatingProcessAccountDomain":     userPart("ParentUser", true),
	"InitiatingProcessAccountName":       userPart("ParentUser", false),
	"AdditionalFields":                   sysmonAdditional,
}

// targetIsSet reports whether a 4688 names a target account distinct from
// the subject. TargetUserSid is not consulted: it can be S-1-0-0 while
// TargetUserName is set.
func targetIsSet(c *evctx) bool {
	if n := c.get("TargetUserName"); n != "" && n != "-" {
		return true
	}
	id, ok := ParseNumber(c.get("TargetLogonId"))
	return ok && id != 0
}

// account picks the Target* field when the target is set, else Subject*.
func account(suffix string, num bool) getter {
	return func(c *evctx) value.Value {
		name := "Subject" + suffix
		if targetIsSet(c) {
			name = "Target" + suffix
		}
		if num {
			return c.num(name)
		}
		return c.str(name)
	}
}

// securityProcess maps Security event 4688 to DeviceProcessEvents.
var securityProcess = map[string]getter{
	"Timestamp":           created,
	"ProcessCreationTime": created,
	"DeviceName":          computer,
	"ActionType":          lit("ProcessCreated"),
	"FileName":            base("NewProcessName"),
	"FolderPath":          field("NewProcessName"),
	"ProcessId":           number("NewProcessId"),
	"ProcessCommandLine":  field("CommandLine"),
	"ProcessIntegrityLevel": func(c *evctx) value.Value {
		return value.NewString(IntegrityLevel(c.get("MandatoryLabel")))
	},
	"ProcessTokenElevation": func(c *evctx) value.Value {
		return value.NewString(TokenElevation(c.get("TokenElevationType")))
	},
	"AccountSid":                     account("UserSid", false),
	"AccountDomain":                  account("DomainName", false),
	"AccountName":                    account("UserName", false),
	"LogonId":                        account("LogonId", true),
	"InitiatingProcessId":            number("ProcessId"),
	"InitiatingProcessFolderPath":    field("ParentProcessName"),
	"InitiatingProcessFileName":      base("ParentProcessName"),
	"InitiatingProcessAccountSid":    field("SubjectUserSid"),
	"InitiatingProcessAccountDomain": field("SubjectDomainName"),
	"InitiatingProcessAccountName":   field("SubjectUserName"),
	"InitiatingProcessLogonId":       number("SubjectLogonId"),
}
