using System.Net;
using System.Security.Cryptography.X509Certificates;
using Renkei.Hosting.Observability;

namespace Renkei.Cli.Serve;

/// <summary>
/// An HTTPS listener's settings: address, port (0 = any free), the certificate given with <c>--certificate</c> and its
/// file (both null: the node's default) and the operations listener.
/// </summary>
internal sealed record HttpsListener(IPAddress Address, int Port, X509Certificate2? Certificate, string? CertificateFile, NodeObservabilityOptions Observability);
