using Renkei.Domain.Energy;

namespace Renkei.Metering.Engine;

/// <summary>One published 30-minute value: energy (absent when missing or invalid) and its quality.</summary>
public readonly record struct IntervalValue(Kwh? Energy, Quality Quality, bool Published);
