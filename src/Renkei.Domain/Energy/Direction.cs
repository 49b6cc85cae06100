namespace Renkei.Domain.Energy;

/// <summary>Energy direction: import (順方向, consumption) or export (逆方向, generation fed to the grid). Kept apart everywhere.</summary>
public enum Direction : byte
{
    Import = 0,
    Export = 1,
}
