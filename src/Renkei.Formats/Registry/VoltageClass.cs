namespace Renkei.Formats.Registry;

/// <summary>電圧区分: the supply voltage class of a meter's supply point.</summary>
public enum VoltageClass : byte
{
    /// <summary>低圧: low voltage (households, small shops).</summary>
    Low = 0,

    /// <summary>高圧: high voltage (6.6 kV).</summary>
    High = 1,

    /// <summary>特別高圧: extra-high voltage.</summary>
    ExtraHigh = 2,
}
