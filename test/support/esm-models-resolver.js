// kubernetes-models and @kubernetes-models/* ship only ESM and export only the
// "import" condition. Resolve that condition for those packages (and anything they
// import: is-cidr, cidr-regex), and leave every other package on the usual conditions.
const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/)/;
const FROM_ESM_ONLY = /[\/]node_modules[\/](kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)[\/]/;

module.exports = (request, options) => {
  if (ESM_ONLY.test(request) || (options.basedir && FROM_ESM_ONLY.test(options.basedir + '/'))) {
    try {
      return options.defaultResolver(request, { ...options, conditions: ['import', 'default'] });
    } catch {
      // fall through to the usual conditions
    }
  }
  return options.defaultResolver(request, options);
};
