namespace Renkei.Formats.Switching;

/// <summary>A fault of a switching file: its line (0: the file as a whole), the field or part at fault, and why.</summary>
public sealed record FormatError(int Line, string Field, string Message)
{
    public override string ToString() => Line == 0 ? $"{Field}: {Message}" : $"line {Line}: {Field}: {Message}";
}
