namespace Renkei.Hosting.InternalAuth;

/// <summary>An <see cref="HttpClient"/> handler that attaches the caller's proof for one internal service to every request.</summary>
public sealed class InternalCallerHandler(InternalCallerSigner signer, string audience) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(InternalHeaders.Caller);
        request.Headers.TryAddWithoutValidation(InternalHeaders.Caller, signer.TokenFor(audience));
        return base.SendAsync(request, cancellationToken);
    }
}
