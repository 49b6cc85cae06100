namespace Renkei.Formats.Registry;

/// <summary>A registry file that was rejected whole; <see cref="Errors"/> lists every reason with its line.</summary>
public sealed class RegistryFileException : FormatException
{
    public RegistryFileException()
        : this([])
    {
    }

    public RegistryFileException(string message)
        : this([message])
    {
    }

    public RegistryFileException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    public RegistryFileException(IReadOnlyList<string> errors)
        : base(errors is { Count: > 0 } ? $"the registry file was rejected: {errors.Count} error(s); first: {errors[0]}" : "the registry file was rejected") =>
        Errors = errors ?? [];

    public IReadOnlyList<string> Errors { get; }
}
