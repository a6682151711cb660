using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dispatch.Api.Access;

/// <summary>What a token says about its holder; the claims the bureau's identity provider is expected to issue.</summary>
public sealed record TokenClaims(string Subject, IReadOnlyList<string> Roles, IReadOnlyList<Guid>? UnitIds = null,
    IReadOnlyList<string>? Grants = null, IReadOnlyList<string>? Contracts = null, string? Name = null,
    IReadOnlyList<string>? Departments = null);

/// <summary>Signs ES256 tokens: for the local development issuer (<c>dev-tokens</c>) and for tests, never for production callers.</summary>
public static class TokenMinter
{
    public static string Mint(ECDsa signingKey, string issuer, string audience, TokenClaims claims, DateTime notBefore, DateTime expires)
    {
        var key = new ECDsaSecurityKey(signingKey) { KeyId = JwtSettings.KeyId(signingKey.ExportSubjectPublicKeyInfo()) };
        var payload = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = claims.Subject,
            ["role"] = claims.Roles.ToArray(),
        };
        if (claims.Name is not null) payload["name"] = claims.Name;
        if (claims.UnitIds is { Count: > 0 } units) payload[AccessClaims.UnitId] = units.Select(u => u.ToString()).ToArray();
        if (claims.Grants is { Count: > 0 } grants) payload[AccessClaims.Grant] = grants.ToArray();
        if (claims.Contracts is { Count: > 0 } contracts) payload[AccessClaims.Contract] = contracts.ToArray();
        if (claims.Departments is { Count: > 0 } departments) payload[AccessClaims.Department] = departments.ToArray();
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Claims = payload,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
