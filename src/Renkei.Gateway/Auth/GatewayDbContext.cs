using Microsoft.EntityFrameworkCore;

namespace Renkei.Gateway.Auth;

/// <summary>The gateway's own store: OpenIddict's applications (retailer systems, secrets hashed), tokens and authorisations.</summary>
public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options);
