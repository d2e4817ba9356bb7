/** The names of a vec4's components, by index: a kernel's text picks `q1.z` as `q1.${XYZW[2]}`. */
export const XYZW = 'xyzw';
