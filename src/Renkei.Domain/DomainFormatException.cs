namespace Renkei.Domain;

/// <summary>Thrown when a value does not satisfy a domain type's rules; the message says what is wrong.</summary>
public sealed class DomainFormatException : FormatException
{
    public DomainFormatException()
    {
    }

    public DomainFormatException(string message)
        : base(message)
    {
    }

    public DomainFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
