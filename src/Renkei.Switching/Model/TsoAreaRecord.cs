namespace Renkei.Switching.Model;

/// <summary>供給区域: a TSO area (01 Hokkaido … 10 Okinawa) and the TSO that keeps its contracts and meters.</summary>
public sealed class TsoAreaRecord
{
    public int Number { get; set; }

    public required string Name { get; set; }

    public required string TsoCode { get; set; }
}
