namespace Renkei.Formats.Market;

/// <summary>
/// What the header of a market XML file says: the information type (JP00002, also the CII JPC11), the sender's code
/// and name (JP06110/JP06111), the receiver (JP06112) and when the file was made (JPC14, written in JST).
/// </summary>
public sealed record MarketHeader(string InformationType, string SenderCode, string SenderName, string Receiver, DateTimeOffset Created);
