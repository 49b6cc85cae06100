using System.Security.Authentication;

namespace Renkei.Cli.RetailerApi;

/// <summary>
/// What to tell a user whose request never got an HTTP answer from the gateway: a certificate the command does not
/// trust (the gateway was reached, its TLS handshake refused) is named as such with the option that fixes it; anything
/// else is "cannot reach" with the innermost cause, never ".NET's see inner exception".
/// </summary>
internal static class GatewayUnreachable
{
    public static string Describe(HttpRequestException exception, Uri gateway, string? trustedCertificate)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (Find<AuthenticationException>(exception) is { } tls)
        {
            var fix = trustedCertificate is null
                ? $"pass the gateway's certificate with --ca FILE or {RetailerConnection.CaVariable} (the demo's is <data>/gateway/tls.crt)"
                : $"the certificate given ({trustedCertificate}) is not the one the gateway presents: pass the gateway's own certificate with --ca FILE";
            return $"the gateway at {gateway} presented a TLS certificate this command does not trust ({tls.Message}); {fix}";
        }

        var cause = exception as Exception;
        while (cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        return $"cannot reach the gateway at {gateway}: {cause.Message}";
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
