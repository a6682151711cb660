using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Dispatch.Domain.Access;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Dispatch.Api.Access;

/// <summary>
/// API keys for machines and devices: <c>wyk_&lt;key id&gt;_&lt;secret&gt;</c>, sent as <c>X-Api-Key</c>. The key id finds the
/// record; only the SHA-256 of the 256-bit random secret is stored, compared in constant time.
/// </summary>
public static class ApiKeys
{
    public const string Header = "X-Api-Key";
    public const string Scheme = "ApiKey";
    private const string Prefix = "wyk_";

    public static (string Key, string SecretSha256) Create(Guid keyId)
    {
        var secret = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{keyId:N}_{secret}", Hash(secret));
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool TryParse(string presented, out Guid keyId, out string secret)
    {
        keyId = Guid.Empty;
        secret = "";
        if (presented.Length is < 40 or > 200 || !presented.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = presented[Prefix.Length..];
        var separator = rest.IndexOf('_');
        if (separator != 32 || !Guid.TryParseExact(rest[..32], "N", out keyId)) return false;
        secret = rest[33..];
        return secret.Length > 0;
    }

    public static bool Matches(ApiKeyState key, string secret) => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(key.SecretSha256), Encoding.ASCII.GetBytes(Hash(secret)));

    public static string ActorOf(Guid keyId) => $"api-key:{keyId}";

    public static ClaimsPrincipal Principal(ApiKeyState key)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, ActorOf(key.Id)), new("name", key.Name) };
        claims.AddRange(key.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (key.UnitId is { } unit) claims.Add(new Claim(AccessClaims.UnitId, unit.ToString()));
        claims.AddRange(key.Contracts.Select(c => new Claim(AccessClaims.Contract, c)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.NameIdentifier, ClaimTypes.Role));
    }
}

/// <summary>
/// Looks the presented key up on every request (one primary-key read), so a revocation counts from the moment it
/// commits, in every API process, without a restart.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, IDocumentStore store) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var presented)) return AuthenticateResult.NoResult();
        if (!ApiKeys.TryParse(presented.ToString(), out var keyId, out var secret)) return AuthenticateResult.Fail("malformed API key");
        await using var session = store.QuerySession();
        var key = await session.LoadAsync<ApiKeyState>(keyId, Context.RequestAborted);
        if (key is null || !ApiKeys.Matches(key, secret)) return AuthenticateResult.Fail("unknown API key");
        if (key.RevokedAt is not null) return AuthenticateResult.Fail("revoked API key");
        return AuthenticateResult.Success(new AuthenticationTicket(ApiKeys.Principal(key), ApiKeys.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{ApiKeys.Scheme} header=\"{ApiKeys.Header}\"";
        return Task.CompletedTask;
    }
}
