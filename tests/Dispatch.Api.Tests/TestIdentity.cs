using System.Security.Cryptography;
using Dispatch.Api.Access;
using Dispatch.Domain.Access;

namespace Dispatch.Api.Tests;

/// <summary>
/// The identity provider of the tests: one EC signing key per test run, trusted by every API the tests start
/// (in this process through <see cref="Settings"/>, as real processes through <see cref="Environment"/>).
/// </summary>
public static class TestIdentity
{
    public const string Issuer = "https://idp.test.wuyang";
    public const string Audience = "wuyang-patrol";
    /// <summary>The subject of <see cref="ApiHost.Client"/>'s token, so the actor of everything it writes.</summary>
    public const string Tester = "tester";

    public static readonly ECDsa SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public static readonly string PublicKeyPem = SigningKey.ExportSubjectPublicKeyInfoPem();

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:Jwt:Issuer"] = Issuer,
        ["Auth:Jwt:Audience"] = Audience,
        ["Auth:Jwt:SigningKeys:0"] = PublicKeyPem,
    };

    /// <summary>The same settings as environment variables, for API processes the tests start.</summary>
    public static IReadOnlyDictionary<string, string?> Environment { get; } =
        Settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);

    public static string Token(TokenClaims claims, string audience = Audience, DateTime? expires = null, ECDsa? key = null,
        string issuer = Issuer)
    {
        var until = expires ?? DateTime.UtcNow.AddHours(2);
        var from = until < DateTime.UtcNow ? until.AddHours(-1) : DateTime.UtcNow.AddSeconds(-5);
        return TokenMinter.Mint(key ?? SigningKey, issuer, audience, claims, from, until);
    }

    /// <summary>Every role, the duty-level grant, and every unit given: whatever a test needs to do, this token may.</summary>
    public static string Everything(IEnumerable<Guid> unitIds) =>
        Token(new TokenClaims(Tester, Roles.All, [.. unitIds], [Grants.DutyLevel]));

    /// <summary>A department caller (fire, health, township-wuquan, ...).</summary>
    public static string Department(string code, string? subject = null) =>
        Token(new TokenClaims(subject ?? $"test-department-{code}", [Roles.Department], Departments: [code]));

    public static string As(string role, Guid? unitId = null, string? subject = null) =>
        Token(new TokenClaims(subject ?? $"test-{role}{(unitId is { } u ? "-" + u.ToString("N")[..8] : "")}", [role],
            unitId is { } unit ? [unit] : null));
}
