namespace Renkei.Switching.Applications.Validation.Envelope;

/// <summary>A check whose request can carry the market's <see cref="RequestEnvelope"/>.</summary>
internal interface IEnvelopeCheck
{
    /// <summary>The route's kind (its interface ID).</summary>
    string Kind { get; }

    RequestEnvelope? Envelope { get; }

    /// <summary>For a move-out, whether it removes the facilities (設備撤去); null for the other kinds.</summary>
    bool? RemovesFacilities => null;
}
