package input

// defaultActionTable takes rows whose ActionType is not listed below:
// DeviceEvents holds the many miscellaneous Defender action types.
const defaultActionTable = "DeviceEvents"

// cloudAppTable takes rows of an unlisted ActionType naming an Application.
const cloudAppTable = "CloudAppEvents"

// actionTables maps Defender ActionType values to their tables, to route
// rows of union exports that carry no Type column.
var actionTables = map[string]string{
	"ProcessCreated": "DeviceProcessEvents",

	"FileCreated": "DeviceFileEvents", "FileModified": "DeviceFileEvents",
	"FileDeleted": "DeviceFileEvents", "FileRenamed": "DeviceFileEvents",

	"ConnectionSuccess": "DeviceNetworkEvents", "ConnectionFailed": "DeviceNetworkEvents",
	"ConnectionAttempt": "DeviceNetworkEvents", "ConnectionRequest": "DeviceNetworkEvents",
	"ConnectionFound": "DeviceNetworkEvents", "ConnectionAcknowledged": "DeviceNetworkEvents",
	"InboundConnectionAccepted":  "DeviceNetworkEvents",
	"ListeningConnectionCreated": "DeviceNetworkEvents",
	"NetworkSignatureInspected":  "DeviceNetworkEvents",
	"HttpConnectionInspected":    "DeviceNetworkEvents",
	"DnsConnectionInspected":     "DeviceNetworkEvents",
	"SslConnectionInspected":     "DeviceNetworkEvents",
	"SshConnectionInspected":     "DeviceNetworkEvents",
	"IcmpConnectionInspected":    "DeviceNetworkEvents",

	"RegistryKeyCreated": "DeviceRegistryEvents", "RegistryKeyDeleted": "DeviceRegistryEvents",
	"RegistryValueSet": "DeviceRegistryEvents", "RegistryValueDeleted": "DeviceRegistryEvents",
	"RegistryKeyRenamed": "DeviceRegistryEvents",

	"ImageLoaded": "DeviceImageLoadEvents",

	"LogonSuccess": "DeviceLogonEvents", "LogonFailed": "DeviceLogonEvents",
	"LogonAttempted": "DeviceLogonEvents",
}
