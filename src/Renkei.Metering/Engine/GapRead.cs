using Renkei.Domain.Energy;

namespace Renkei.Metering.Engine;

/// <summary>A meter's value of a slot (one direction) that a read absent at the slot's start or end leaves without its two reads.</summary>
internal readonly record struct GapRead(int Ordinal, Direction Direction, MissingEnds Ends);

/// <summary>Which of a slot's two reads are absent.</summary>
[Flags]
internal enum MissingEnds : byte
{
    None = 0,

    /// <summary>The read at the slot's start (the previous slot's end).</summary>
    Start = 1,

    /// <summary>The read at the slot's end.</summary>
    End = 2,
}
