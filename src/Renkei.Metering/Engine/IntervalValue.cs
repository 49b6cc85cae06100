using Renkei.Domain.Energy;

namespace Renkei.Metering.Engine;

/// <summary>One 30-minute value: energy (absent when missing or invalid), its quality, whether it is published, and the version it last changed at.</summary>
public readonly record struct IntervalValue(Kwh? Energy, Quality Quality, bool Published, long Version = 0);
