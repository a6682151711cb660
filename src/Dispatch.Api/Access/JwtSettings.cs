using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Dispatch.Api.Access;

/// <summary>
/// The bureau's identity provider as configured under <c>Auth:Jwt</c>: <c>Issuer</c>, <c>Audience</c>, and its public
/// signing keys as PEM text (<c>SigningKeys:N</c>) or PEM files (<c>SigningKeyFiles:N</c>), RSA or EC.
/// </summary>
public sealed record JwtSettings(string? Issuer, string? Audience, IReadOnlyList<SecurityKey> SigningKeys, TimeSpan ClockSkew)
{
    public const string Section = "Auth:Jwt";

    public static readonly IReadOnlyList<string> Algorithms =
    [
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
    ];

    public string? Incomplete => (Issuer, Audience, SigningKeys.Count) switch
    {
        ({ Length: > 0 }, { Length: > 0 }, > 0) => null,
        _ => $"{Section}: Issuer, Audience and at least one signing key (SigningKeys:0 or SigningKeyFiles:0) must be configured.",
    };

    public static JwtSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var pems = section.GetSection("SigningKeys").GetChildren().Select(c => (Source: $"{Section}:SigningKeys:{c.Key}", Pem: c.Value))
            .Concat(section.GetSection("SigningKeyFiles").GetChildren()
                .Where(c => !string.IsNullOrWhiteSpace(c.Value))
                .Select(c => (Source: c.Value!, Pem: (string?)File.ReadAllText(c.Value!))))
            .Where(k => !string.IsNullOrWhiteSpace(k.Pem));
        return new JwtSettings(section["Issuer"], section["Audience"], pems.Select(k => PublicKey(k.Pem!, k.Source)).ToList(),
            TimeSpan.FromSeconds(section.GetValue("ClockSkewSeconds", 30)));
    }

    /// <summary>An RSA or EC key from PEM; a private key is reduced to its public half. The key id is its SPKI thumbprint.</summary>
    public static SecurityKey PublicKey(string pem, string source)
    {
        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            var spki = ec.ExportSubjectPublicKeyInfo();
            var publicOnly = ECDsa.Create();
            publicOnly.ImportSubjectPublicKeyInfo(spki, out _);
            return new ECDsaSecurityKey(publicOnly) { KeyId = KeyId(spki) };
        }
        catch (CryptographicException)
        {
            try
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                var spki = rsa.ExportSubjectPublicKeyInfo();
                return new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = KeyId(spki) };
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                throw new InvalidOperationException($"{source} is not an RSA or EC key in PEM form.", e);
            }
        }
    }

    public static string KeyId(byte[] subjectPublicKeyInfo) => Base64UrlEncoder.Encode(SHA256.HashData(subjectPublicKeyInfo)[..12]);

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKeys = SigningKeys,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidAlgorithms = Algorithms,
        ClockSkew = ClockSkew,
        NameClaimType = ClaimTypes.NameIdentifier,
        RoleClaimType = ClaimTypes.Role,
    };
}
