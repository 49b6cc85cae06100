namespace Renkei.Metering.Hes;

/// <summary>
/// The read log could not make a batch durable (a full or failing disk): nothing of the batch was logged or
/// applied, and the same batch may be sent again once the log takes writes.
/// </summary>
internal sealed class ReadLogUnavailableException(Exception inner)
    : IOException("the read log could not be written; the batch was not accepted", inner);
