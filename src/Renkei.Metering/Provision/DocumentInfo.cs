namespace Renkei.Metering.Provision;

/// <summary>
/// What a document's header says: its kind (the information type, JP00002), sender and receiver, the date and
/// slot (or month) it covers, the voltage filter, when it was created, and the instant its values are as of.
/// </summary>
internal sealed record DocumentInfo(
    string InformationType,
    string SenderCode,
    string SenderName,
    string Receiver,
    DateOnly Date,
    int? Slot,
    VoltageFilter Voltage,
    DateTimeOffset Created,
    DateTimeOffset? AsOf);
