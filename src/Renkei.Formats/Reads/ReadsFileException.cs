namespace Renkei.Formats.Reads;

/// <summary>A reads file that cannot be read at all (no or bad header); nothing of it was accepted.</summary>
public sealed class ReadsFileException : FormatException
{
    public ReadsFileException()
    {
    }

    public ReadsFileException(string message)
        : base(message)
    {
    }

    public ReadsFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
