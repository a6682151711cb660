using System.Security.Claims;
using Dispatch.Domain.Access;

namespace Dispatch.Api.Access;

/// <summary>What a department caller may do: only its own department's tasks and incidents (claim <c>department</c>).</summary>
public static class DepartmentScope
{
    public static IReadOnlySet<string> OwnDepartments(ClaimsPrincipal user) => user.IsInRole(Roles.Department)
        ? user.FindAll(AccessClaims.Department).Select(c => c.Value).Where(Domain.Plans.DepartmentCodes.IsValid).ToHashSet()
        : new HashSet<string>();

    public static bool IsOwn(ClaimsPrincipal user, string department) => OwnDepartments(user).Contains(department);

    /// <summary>For reads about a department: readers see every one, a department only its own (decided from the code alone).</summary>
    public static IResult? ForbidRead(HttpContext http, string department) =>
        UnitScope.IsReader(http.User) || IsOwn(http.User, department) ? null : AccessProblems.Forbidden();
}
