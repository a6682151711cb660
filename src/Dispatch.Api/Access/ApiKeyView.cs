using Dispatch.Domain.Access;
using NodaTime;

namespace Dispatch.Api.Access;

/// <summary>A key as administrators and auditors see it: never its secret or hash.</summary>
public sealed record ApiKeyView(Guid Id, string Name, IReadOnlyList<string> Roles, Guid? UnitId, IReadOnlyList<string> Contracts,
    string IssuedBy, Instant IssuedAt, bool Revoked, string? RevokedBy, Instant? RevokedAt, string? RevocationReason)
{
    public static ApiKeyView From(ApiKeyState key) => new(key.Id, key.Name, key.Roles, key.UnitId, key.Contracts, key.IssuedBy,
        key.IssuedAt, key.RevokedAt is not null, key.RevokedBy, key.RevokedAt, key.RevocationReason);
}
