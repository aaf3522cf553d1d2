"""The plugin manager: loads the industry plugins once per app and calls, for a tenant,
only the plugins that tenant enabled."""
import importlib

import pluggy
from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError

from core import hookspecs
from core.errors import InvalidInput

ENTRY_POINT_GROUP = "complaints.plugins"
# The core's own hook implementations, registered ``trylast`` so any plugin overrides them.
DEFAULT_PLUGINS = ("core.defaults",)


class PluginHost:
    def __init__(self, load_entry_points=True, extra_plugins=()):
        self.pm = pluggy.PluginManager("complaints")
        self.pm.add_hookspecs(hookspecs)
        self.default_names = set()
        for module_name in DEFAULT_PLUGINS:
            self.pm.register(importlib.import_module(module_name), name=module_name)
            self.default_names.add(module_name)
        if load_entry_points:
            self.pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        for plugin in extra_plugins:
            self.register(plugin)
        self.pm.check_pending()

    def register(self, plugin, name=None):
        """Register an optional plugin (tests use this for plugins made on the spot)."""
        name = self.pm.register(plugin, name=name or getattr(plugin, "__name__", None))
        self.pm.check_pending()
        return name

    def unregister(self, name):
        self.pm.unregister(name=name)

    def available(self) -> list[str]:
        """Names of the optional plugins a tenant may enable."""
        return sorted(n for n, _ in self.pm.list_name_plugin() if n not in self.default_names)

    def hooks(self, tenant) -> "TenantHooks":
        """The hook relay for ``tenant``: each hook reaches only its enabled plugins."""
        return TenantHooks(self, frozenset(tenant.enabled_plugins))

    def settings_schema_for(self, name):
        impls = [i for i in self.pm.hook.settings_schema.get_hookimpls() if i.plugin_name == name]
        return impls[0].function() if impls else None

    def validate_plugin_settings(self, plugins: dict) -> dict:
        """Check plugin names and each plugin's settings; return the loaded settings."""
        available = self.available()
        unknown = sorted(set(plugins) - set(available))
        if unknown:
            raise InvalidInput(
                _l("Unknown plugin: %(names)s (available: %(available)s)",
                   names=", ".join(unknown), available=", ".join(available)),
                {"plugins": unknown})
        loaded = {}
        for name, settings in plugins.items():
            schema_class = self.settings_schema_for(name)
            if schema_class is None:
                if settings:
                    raise InvalidInput(_l("Plugin %(name)s takes no settings.", name=name),
                                       {name: settings})
                loaded[name] = {}
                continue
            try:
                schema = schema_class()
                # Stored as JSON: dumped back after loading (times, dates, decimals as text).
                loaded[name] = schema.dump(schema.load(settings or {}))
            except ValidationError as err:
                raise InvalidInput(
                    _l("Invalid settings for plugin %(name)s: %(errors)s", name=name,
                       errors=err.messages), {name: err.messages})
        return loaded


class TenantHooks:
    """Looks like ``pm.hook`` but leaves out the plugins the tenant did not enable."""

    def __init__(self, host: PluginHost, enabled: frozenset):
        self._host = host
        self.enabled = enabled

    def __getattr__(self, name):
        pm = self._host.pm
        remove = [plugin for plugin_name, plugin in pm.list_name_plugin()
                  if plugin_name not in self.enabled and plugin_name not in self._host.default_names]
        return pm.subset_hook_caller(name, remove_plugins=remove)


def plugin_host() -> PluginHost:
    return current_app.extensions["complaints.plugins"]


def hooks_for(tenant) -> TenantHooks:
    return plugin_host().hooks(tenant)


def categories_for(tenant) -> list:
    """Every category the tenant's plugins and settings give, codes checked for clashes."""
    seen = {}
    for batch in hooks_for(tenant).register_categories(tenant=tenant):
        for category in batch or ():
            if category.code in seen:
                raise RuntimeError(f"category code {category.code!r} registered twice "
                                   f"for tenant {tenant.slug}")
            seen[category.code] = category
    return list(seen.values())


def warnings_for(tenant, case, now) -> list[dict]:
    return [w for batch in hooks_for(tenant).case_warnings(tenant=tenant, case=case, now=now)
            for w in (batch or ())]


def case_fields_schema(tenant) -> type[Schema]:
    """A marshmallow schema of all plugin fields for ``tenant``; unknown keys are refused."""
    merged = {}
    for batch in hooks_for(tenant).case_fields(tenant=tenant):
        for name, field in (batch or {}).items():
            if name in merged:
                raise RuntimeError(f"case field {name!r} defined twice for tenant {tenant.slug}")
            merged[name] = field
    return Schema.from_dict(merged, name=f"CaseFields_{tenant.slug}")


def init_app(app, load_entry_points=True):
    app.extensions["complaints.plugins"] = PluginHost(load_entry_points=load_entry_points)
