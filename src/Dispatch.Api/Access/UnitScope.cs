using System.Security.Claims;
using Dispatch.Domain.Access;

namespace Dispatch.Api.Access;

/// <summary>What a caller may do about one unit: a field unit only about its own (claim <c>unit_id</c>).</summary>
public static class UnitScope
{
    public static IReadOnlySet<Guid> OwnUnits(ClaimsPrincipal user) => user.IsInRole(Roles.FieldUnit)
        ? user.FindAll(AccessClaims.UnitId).Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).ToHashSet()
        : new HashSet<Guid>();

    public static bool IsReader(ClaimsPrincipal user) => Policies.Readers.Any(user.IsInRole);

    /// <summary>
    /// Null when allowed, else the 403 every refusal shares. Decided from the caller and the id alone, before
    /// anything is loaded, so the answer is the same for a real unit and a made-up one.
    /// </summary>
    public static IResult? Forbid(HttpContext http, Guid unitId, bool dispatcherToo) =>
        (dispatcherToo && http.User.IsInRole(Roles.Dispatcher)) || OwnUnits(http.User).Contains(unitId)
            ? null
            : AccessProblems.Forbidden();

    /// <summary>For reads: readers see every unit, a field unit only its own.</summary>
    public static IResult? ForbidRead(HttpContext http, Guid unitId) =>
        IsReader(http.User) || OwnUnits(http.User).Contains(unitId) ? null : AccessProblems.Forbidden();
}
